/**
 * The known vendors auto-blocking recognises (`autoBlock: true`, in `consent-gate.auto.js` only):
 * a data table, not code per vendor. Each entry: the service id, the category it needs (`a` analytics,
 * `m` marketing, `f` functional: see `CATEGORY`) and its URL patterns, separated by spaces. A pattern is a host (it matches that host and its subdomains) and
 * an optional path prefix: `facebook.com/tr` matches `https://www.facebook.com/tr?id=1`, not
 * `https://www.facebook.com/login`. A site adds patterns or switches a vendor off in its config
 * (docs/auto-block.md); its own patterns are tried first.
 */
export const CATEGORY: Record<string, string> = { a: 'analytics', m: 'marketing', f: 'functional' }

/**
 * Google's tags, which Consent Mode governs: with `googleConsentMode: { mode: 'basic' }` they are
 * held by `google` (until analytics or marketing is granted) instead of their own category.
 */
export const GOOGLE_TAGS = ['google-analytics', 'google-tag-manager', 'google-ads']

export const VENDORS = [
  'google-analytics a google-analytics.com analytics.google.com googletagmanager.com/gtag/',
  'google-tag-manager a googletagmanager.com/gtm.js googletagmanager.com/ns.html',
  'google-ads m doubleclick.net googleadservices.com googlesyndication.com google.com/pagead/ google.com/ads/',
  'meta-pixel m connect.facebook.net facebook.com/tr',
  'tiktok m analytics.tiktok.com',
  'microsoft-uet m bat.bing.com',
  'microsoft-clarity a clarity.ms',
  'hotjar a hotjar.com hotjar.io',
  'linkedin-insight m snap.licdn.com px.ads.linkedin.com',
  'x-twitter m static.ads-twitter.com analytics.twitter.com ads-api.twitter.com',
  'pinterest m s.pinimg.com/ct/ ct.pinterest.com',
  'snap m sc-static.net/scevent tr.snapchat.com',
  'reddit m redditstatic.com/ads/ alb.reddit.com',
  'matomo a matomo.cloud innocraft.cloud',
  'naver-analytics a wcs.naver.net wcs.naver.com',
  'kakao-pixel m t1.daumcdn.net/kas/static/kp.js t1.daumcdn.net/adfit/ bc.ad.daum.net',
  'youtube m youtube.com youtube-nocookie.com youtu.be',
  'vimeo a player.vimeo.com',
  'google-maps f google.com/maps maps.google.com maps.googleapis.com',
]
