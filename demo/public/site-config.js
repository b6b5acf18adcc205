/*
 * The ConsentGate config of the demo's product and privacy pages, in one file so they describe the
 * same purposes and read the same cookie. A classic script, loaded before /consent-gate.js in
 * <head>: the SDK reads `window.consentGateConfig` as it starts. The site's own strings follow the
 * page's language (<html lang>), since a config holds one string per field: the Korean policy gets
 * Korean titles and PIPA notice fields, the English pages English ones.
 */
;(() => {
  var ko = (document.documentElement.lang || '').toLowerCase().slice(0, 2) === 'ko'
  var t = (en, kr) => (ko ? kr : en)
  window.consentGateConfig = {
    revision: 1,
    policyUrl: t('/privacy.html', '/privacy-ko.html'),
    floatingButton: true,
    categories: {
      necessary: {
        title: t('Strictly necessary', '필수'),
        description: t(
          'Keeps the shop working: your basket and this cookie choice. Always on.',
          '장바구니와 이 쿠키 선택을 유지해 상점이 작동하게 합니다. 항상 사용됩니다.',
        ),
        required: true,
        purpose: t('Running the shop and remembering your cookie choice', '상점 운영과 쿠키 선택 기억'),
        items: t('A random consent ID, what you chose and when; your basket', '임의의 동의 ID, 선택 내용과 일시, 장바구니 내용'),
        retention: t('6 months (your choice); until you close the browser (your basket)', '6개월(동의 선택), 브라우저를 닫을 때까지(장바구니)'),
        recipients: t('Nobody', '없음'),
        cookies: [
          { name: 'consent_gate', provider: 'Acme Coffee', purpose: t('Remembers your cookie choice', '쿠키 선택 기억'), lifetime: t('6 months', '6개월') },
          { name: 'demo_cart', provider: 'Acme Coffee', purpose: t('Your basket', '장바구니'), lifetime: t('Session', '세션') },
        ],
      },
      functional: {
        title: t('Preferences', '환경 설정'),
        description: t('Remembers your preferred grind between visits.', '다음 방문 때에도 선호하는 분쇄 방식을 기억합니다.'),
        purpose: t('Remembering your preferred grind', '선호하는 분쇄 방식 기억'),
        items: t('The grind you chose', '선택한 분쇄 방식'),
        retention: t('1 year', '1년'),
        recipients: t('Nobody', '없음'),
        refusalConsequence: t('You choose the grind again on each visit.', '방문할 때마다 분쇄 방식을 다시 골라야 합니다.'),
        cookies: [{ name: '_demo_prefs', provider: 'Acme Coffee', purpose: t('Preferred grind', '선호 분쇄 방식'), lifetime: t('1 year', '1년') }],
      },
      analytics: {
        title: t('Analytics', '분석'),
        description: t('Counts visits so we know which coffees people look at.', '어떤 커피를 많이 보는지 알기 위해 방문 수를 셉니다.'),
        purpose: t('Visit statistics', '방문 통계'),
        items: t('A cookie ID, the pages viewed and when', '쿠키 ID, 본 페이지와 시각'),
        retention: t('1 year', '1년'),
        recipients: t('Stats (a stand-in analytics service)', 'Stats(분석 서비스 대역)'),
        refusalConsequence: t('None: the shop works the same.', '없습니다. 상점을 똑같이 이용할 수 있습니다.'),
        services: {
          stats: {
            title: 'Stats',
            description: t('A Plausible-like visit counter (a stand-in served by this demo).', 'Plausible과 비슷한 방문 계수기(이 데모가 제공하는 대역).'),
            cookies: [
              {
                name: '_demo_analytics',
                provider: t('Stats (stand-in)', 'Stats(대역)'),
                purpose: t('Tells visits apart', '방문 구별'),
                lifetime: t('1 year', '1년'),
              },
            ],
          },
        },
      },
      marketing: {
        title: t('Marketing', '마케팅'),
        description: t(
          'Measures our ads and shows the brewing video from a video platform.',
          '광고 효과를 측정하고 동영상 플랫폼의 추출 안내 동영상을 보여 줍니다.',
        ),
        purpose: t('Measuring our ads; playing the brew guide video', '광고 효과 측정, 추출 안내 동영상 재생'),
        items: t('A cookie ID, ad clicks, whether you watched the video', '쿠키 ID, 광고 클릭, 동영상 시청 여부'),
        retention: t('90 days', '90일'),
        recipients: t('Ads and VideoTube (stand-ins)', 'Ads, VideoTube(대역)'),
        refusalConsequence: t(
          'The brew guide shows a notice instead of the video, which you can load once.',
          '추출 안내 동영상 대신 안내문이 보이며, 동영상을 한 번만 불러올 수 있습니다.',
        ),
        services: {
          ads: {
            title: 'Ads',
            description: t('An ad network’s measurement tag (a stand-in served by this demo).', '광고 네트워크의 측정 태그(이 데모가 제공하는 대역).'),
            cookies: [
              { name: '_demo_ads', provider: t('Ads (stand-in)', 'Ads(대역)'), purpose: t('Ad measurement', '광고 측정'), lifetime: t('90 days', '90일') },
            ],
          },
          video: {
            title: 'VideoTube',
            description: t(
              'The brew guide’s video player (a stand-in served by this demo). Until you allow it, the page shows a placeholder that can load the video once or always.',
              '추출 안내 동영상 플레이어(이 데모가 제공하는 대역). 허용하기 전에는 동영상을 한 번 또는 항상 불러올 수 있는 안내문이 보입니다.',
            ),
          },
        },
      },
    },
  }
})()
