/**
 * The cookie declaration's own texts (`ui/declaration.ts`), apart from the banner's: only a policy
 * page downloads them, in the declaration chunk, with both languages (1 kB). Headings of the
 * cookie table, the PIPA notice labels and the category names come from the UI's texts (`en.ts`,
 * `ko.ts`). A site overrides any of these keys like the UI's, through `texts: { ko: { … } }`.
 */
export const declarationEn = {
  declarationIntro:
    'This site uses cookies and similar technologies for the purposes below. Strictly necessary ones are always on; every other purpose runs only if you allow it, and you can change your choice at any time.',
  yourChoice: 'Your current choice',
  choiceAllowed: 'Allowed',
  choiceRefused: 'Refused',
  choiceUndecided: 'Not decided yet',
  cookiesOf: 'Cookies used for {category}',
  changeSettings: 'Change cookie settings',
  browserTitle: 'Refusing cookies in your browser',
  browserText:
    'You can also refuse or delete cookies in your browser, for this site or for every site: in Chrome, open Settings, then Privacy and security; in Edge, Settings, then Cookies and site permissions; in Firefox, Settings, then Privacy & Security; in Safari, Settings (Preferences in older versions), then Privacy; on an iPhone or iPad, the Settings app, then Safari. Blocking every cookie stops parts of this site that need them from working, remembering this choice among them, and a setting made in the browser is not recorded as your choice here: use the button above to tell us yours.',
}

export type DeclarationTexts = typeof declarationEn

/** 한국어: 쿠키 등 자동 수집 장치의 설치·운영 및 그 거부에 관한 사항. */
export const declarationKo: DeclarationTexts = {
  declarationIntro:
    '이 사이트는 아래 목적을 위해 쿠키와 유사 기술을 사용합니다. 필수 쿠키는 항상 사용되며, 그 밖의 목적은 이용자가 허용한 경우에만 작동합니다. 선택은 언제든지 바꿀 수 있습니다.',
  yourChoice: '현재 선택',
  choiceAllowed: '허용',
  choiceRefused: '거부',
  choiceUndecided: '아직 선택하지 않음',
  cookiesOf: '{category} 목적으로 사용하는 쿠키',
  changeSettings: '쿠키 설정 변경',
  browserTitle: '웹 브라우저에서 쿠키 거부하기',
  browserText:
    '이용자는 웹 브라우저 설정에서 이 사이트 또는 모든 사이트의 쿠키 저장을 거부하거나 저장된 쿠키를 삭제할 수 있습니다. Chrome은 설정 > 개인 정보 보호 및 보안, Edge는 설정 > 쿠키 및 사이트 권한, Firefox는 설정 > 개인 정보 및 보안, Safari는 설정(이전 버전은 환경설정) > 개인정보 보호, iPhone과 iPad는 설정 앱 > Safari에서 바꿀 수 있습니다. 모든 쿠키를 차단하면 이 선택을 기억하는 기능을 비롯해 쿠키가 필요한 일부 기능이 작동하지 않으며, 브라우저에서 바꾼 설정은 이 사이트에 이용자의 선택으로 기록되지 않으니 위의 버튼으로 선택을 알려 주세요.',
}

/** The declaration's texts by built-in language; English is the fallback of every other one. */
export const DECLARATION: Record<string, DeclarationTexts> = { en: declarationEn, ko: declarationKo }
