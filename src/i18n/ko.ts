import type { FirstTexts, MoreTexts, Texts } from './en'

/** 한국어 문구, 첫 화면(배너): chunk `ko`. The two parts are those of English (`src/i18n/en.ts`). */
export const koFirst: FirstTexts = {
  bannerTitle: '개인정보 보호를 소중히 여깁니다',
  consentRegion: '쿠키 동의',
  bannerText: '아래 목적을 위해 쿠키와 유사 기술을 사용합니다. 선택 항목은 동의하신 경우에만 작동하며, 언제든지 선택을 바꿀 수 있습니다.',
  policyLink: '개인정보 처리방침',
  acceptAll: '모두 동의',
  rejectAll: '모두 거부',
  managePreferences: '설정 관리',
  closeAndReject: '닫고 모두 거부',
  doNotSell: '내 개인정보의 판매 또는 공유 거부',
  gpcHonoured: 'GPC 신호에 따라 마케팅(판매·공유)은 꺼져 있습니다.',
}

/** 나머지 문구(설정, 동의 기록, 삽입 콘텐츠 안내, 기본 목적): chunk `ko-more`. 개인정보 보호법 제15조 제2항의 고지 항목(목적, 항목, 보유 기간, 거부 권리와 그 불이익)을 담는다. */
export const koMore: MoreTexts = {
  preferencesTitle: '개인정보 설정',
  preferencesIntro: '허용할 목적을 선택하세요. 필수 항목은 끌 수 없습니다.',
  savePreferences: '설정 저장',
  alwaysOn: '항상 사용',
  requiredReason: '사이트 작동과 선택 내용 기억에 꼭 필요합니다.',
  services: '서비스',
  cookies: '쿠키',
  cookieName: '이름',
  cookieProvider: '제공자',
  cookiePurpose: '목적',
  cookieLifetime: '보유 기간',
  noticePurpose: '수집·이용 목적',
  noticeItems: '수집 항목',
  noticeRetention: '보유·이용 기간',
  noticeRecipients: '제공받는 자',
  noticeRefusal: '동의 거부 시 불이익',
  rightToRefuse: '귀하는 이 동의를 거부할 권리가 있습니다.',
  yourRecord: '나의 동의 기록',
  consentId: '동의 ID',
  decidedAt: '선택 일시',
  withdrawConsent: '동의 철회',
  viewRecord: '내 동의 기록 보기',
  deleteRecord: '내 동의 기록 삭제',
  recordDeleted: '동의 기록이 삭제되었습니다.',
  recordUnavailable: '동의 기록에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.',
  placeholderText: '{category}에 동의하기 전에는 {service}의 콘텐츠가 차단됩니다.',
  loadOnce: '이 콘텐츠 불러오기',
  alwaysAllow: '항상 허용',
  categoryNecessary: '필수',
  categoryNecessaryText: '사이트가 작동하고 개인정보 선택을 기억하는 데 필요합니다.',
  categoryFunctional: '기능',
  categoryFunctionalText: '언어나 지역 같은 설정을 기억합니다.',
  categoryAnalytics: '분석',
  categoryAnalyticsText: '방문 수와 이용 방식을 측정해 사이트를 개선합니다.',
  categoryPersonalization: '맞춤화',
  categoryPersonalizationText: '콘텐츠와 추천을 이용자에게 맞춥니다.',
  categoryMarketing: '마케팅',
  categoryMarketingText: '관련 광고를 보여 주고 그 효과를 측정하며, 다른 사이트에서도 이루어질 수 있습니다.',
}

/** The whole Korean table, for code that bundles it (the tests). */
export const ko: Texts = { ...koFirst, ...koMore }
