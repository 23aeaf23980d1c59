/**
 * Lines that web pages and WeChat articles wrap around the article: share and follow widgets,
 * read counts, QR-code prompts, print/close links, editor credits, related-reading headers and
 * copyright footers. Only whole lines that are such widgets are dropped, never text inside a
 * paragraph. Each pattern is anchored and linear; lines over 80 characters are never boilerplate.
 */
/** A share/like widget, with its count: 分享, 在看 12, 赞 3. */
const SHARE =
  '(?:分享到微信|分享到朋友圈|复制链接|写留言|分享|收藏|点赞|在看|转发|赞|推荐|喜欢|留言|评论|打赏)(?:[\\s\\u3000]{0,2}\\d{1,9})?'

const WIDGETS: RegExp[] = [
  new RegExp(`^${SHARE}(?:[\\s\\u3000|｜/]{0,3}${SHARE})*$`, 'u'),
  /^(?:阅读|浏览|阅读量|浏览量|点击量|阅读数|浏览次数|点击数)[:：\s]{0,2}\d[\d,.万+wW]{0,12}(?:[\s\u3000]{0,3}(?:在看|赞)[:：\s]{0,2}\d{0,9})?$/u,
  /^(?:阅读原文|原文链接|预览时标签不可点|继续滑动看下一个|向上滑动看下一个|轻触阅读原文|微信扫一扫.{0,40}|扫一扫.{0,40}|长按.{0,30}二维码.{0,30}|扫码.{0,30}|识别二维码.{0,30})$/u,
  /^(?:点击|戳)?(?:上方|下方|蓝字|顶部|底部).{0,20}关注.{0,30}$/u,
  /^(?:关注我们|关注公众号.{0,30}|欢迎关注.{0,30}|喜欢此内容的人还喜欢|人划线|微信号[:：].{0,40}|功能介绍[:：]?.{0,60})$/u,
  /^(?:分享到[:：]?.{0,40}|打印本页|打印|关闭窗口|关闭|返回顶部|返回首页|字号[:：]?.{0,20}|【?(?:字号|字体)[:：]?.{0,20}|\[?(?:打印|关闭)\]?(?:[\s\u3000]{0,3}\[?(?:打印|关闭|收藏)\]?){0,3})$/u,
  /^(?:上一篇|下一篇|上一条|下一条)[:：].{0,80}$/u,
  /^(?:责任编辑|编辑|责编|审核|审校|校对|监制|终审|值班编辑|编审|来源编辑)[:：\s\u3000].{0,30}$/u,
  /^(?:相关(?:阅读|新闻|链接|推荐|文章|报道)|热点推荐|猜你喜欢|延伸阅读|推荐阅读|往期回顾|往期推荐|精彩推荐|更多精彩)[:：]?$/u,
  /^(?:版权所有|版权声明|Copyright|©|主办单位|承办单位|主办|网站标识码|.{0,30}ICP备.{0,30}|.{0,20}公网安备.{0,30}|技术支持[:：].{0,40})/iu,
]

export function isBoilerplateLine(line: string): boolean {
  const t = line.trim()
  if (t === '' || t.length > 80) return false
  return WIDGETS.some((re) => re.test(t))
}
