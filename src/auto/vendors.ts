/**
 * The known vendors auto-blocking recognises (`autoBlock: true`, in `consent-gate.auto.js` only):
 * a data table, not code per vendor. Each entry: the service id, the category it needs and its URL
 * patterns, separated by spaces. A pattern is a host (it matches that host and its subdomains) and
 * an optional path prefix: `facebook.com/tr` matches `https://www.facebook.com/tr?id=1`, not
 * `https://www.facebook.com/login`. A site adds patterns or switches a vendor off in its config
 * (docs/auto-block.md); its own patterns are tried first.
 *
 * The first `GOOGLE_TAGS` rows are Google's tags (Analytics, Tag Manager, Ads), which Consent Mode
 * governs: with `googleConsentMode: { mode: 'basic' }` they are held by `google` (until analytics
 * or marketing is granted) instead of their own category. (A count, not a list of names: 11 B in
 * the auto core, which is at its budget.)
 */
export const GOOGLE_TAGS = 3

export const VENDORS = [
  'google-analytics analytics google-analytics.com analytics.google.com googletagmanager.com/gtag/',
  'google-tag-manager analytics googletagmanager.com/gtm.js googletagmanager.com/ns.html',
  'google-ads marketing doubleclick.net googleadservices.com googlesyndication.com google.com/pagead/ google.com/ads/',
  'meta-pixel marketing connect.facebook.net facebook.com/tr',
  'tiktok marketing analytics.tiktok.com',
  'microsoft-uet marketing bat.bing.com',
  'microsoft-clarity analytics clarity.ms',
  'hotjar analytics hotjar.com hotjar.io',
  'linkedin-insight marketing snap.licdn.com px.ads.linkedin.com',
  'x-twitter marketing static.ads-twitter.com analytics.twitter.com ads-api.twitter.com',
  'pinterest marketing s.pinimg.com/ct/ ct.pinterest.com',
  'snap marketing sc-static.net/scevent tr.snapchat.com',
  'reddit marketing redditstatic.com/ads/ alb.reddit.com',
  'matomo analytics matomo.cloud innocraft.cloud',
  'naver-analytics analytics wcs.naver.net wcs.naver.com',
  'kakao-pixel marketing t1.daumcdn.net/kas/static/kp.js t1.daumcdn.net/adfit/ bc.ad.daum.net',
  'youtube marketing youtube.com youtube-nocookie.com youtu.be',
  'vimeo analytics player.vimeo.com',
  'google-maps functional google.com/maps maps.google.com maps.googleapis.com',
]
