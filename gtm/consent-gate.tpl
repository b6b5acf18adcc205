___TERMS_OF_SERVICE___

By creating or modifying this file you agree to Google Tag Manager's Community
Template Gallery Developer Terms of Service available at
https://developers.google.com/tag-manager/gallery-tos (or such other URL as
Google may provide), as modified from time to time.


___INFO___

{
  "type": "TAG",
  "id": "cvt_temp_public_id",
  "version": 1,
  "securityGroups": [],
  "displayName": "ConsentGate Consent Mode",
  "categories": [
    "TAG_MANAGEMENT",
    "UTILITY"
  ],
  "brand": {
    "id": "brand_dummy",
    "displayName": "ConsentGate"
  },
  "description": "Sets the Google Consent Mode v2 defaults (denied, optional region rows) and applies the choice stored in the ConsentGate cookie. Fire it on Consent Initialization - All Pages.",
  "containerContexts": [
    "WEB"
  ]
}


___TEMPLATE_PARAMETERS___

[
  {
    "type": "TEXT",
    "name": "cookieName",
    "displayName": "ConsentGate cookie name (config cookie.name; add a different name to the \"Reads cookie value(s)\" permission too)",
    "simpleValueType": true,
    "defaultValue": "consent_gate",
    "valueValidators": [
      {
        "type": "NON_EMPTY"
      },
      {
        "type": "REGEX",
        "args": [
          "^[A-Za-z0-9_.-]+$"
        ]
      }
    ]
  },
  {
    "type": "TEXT",
    "name": "waitForUpdate",
    "displayName": "wait_for_update (milliseconds, 500 to 60000)",
    "simpleValueType": true,
    "defaultValue": "500",
    "valueValidators": [
      {
        "type": "NUMBER"
      }
    ]
  },
  {
    "type": "TEXT",
    "name": "revision",
    "displayName": "Config revision (optional: a stored choice of an older revision counts as none)",
    "simpleValueType": true,
    "defaultValue": ""
  },
  {
    "type": "SIMPLE_TABLE",
    "name": "regions",
    "displayName": "Region-scoped defaults (ISO 3166 codes such as US or US-CA, comma-separated); types not set here stay denied",
    "simpleTableColumns": [
      {
        "defaultValue": "",
        "displayName": "Region",
        "name": "region",
        "type": "TEXT",
        "valueValidators": [
          {
            "type": "REGEX",
            "args": [
              "^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?(\\s*,\\s*[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?)*$"
            ]
          }
        ]
      },
      {
        "defaultValue": "denied",
        "displayName": "ad_storage",
        "name": "ad_storage",
        "type": "SELECT",
        "selectItems": [
          {
            "value": "denied",
            "displayValue": "denied"
          },
          {
            "value": "granted",
            "displayValue": "granted"
          }
        ]
      },
      {
        "defaultValue": "denied",
        "displayName": "ad_user_data",
        "name": "ad_user_data",
        "type": "SELECT",
        "selectItems": [
          {
            "value": "denied",
            "displayValue": "denied"
          },
          {
            "value": "granted",
            "displayValue": "granted"
          }
        ]
      },
      {
        "defaultValue": "denied",
        "displayName": "ad_personalization",
        "name": "ad_personalization",
        "type": "SELECT",
        "selectItems": [
          {
            "value": "denied",
            "displayValue": "denied"
          },
          {
            "value": "granted",
            "displayValue": "granted"
          }
        ]
      },
      {
        "defaultValue": "denied",
        "displayName": "analytics_storage",
        "name": "analytics_storage",
        "type": "SELECT",
        "selectItems": [
          {
            "value": "denied",
            "displayValue": "denied"
          },
          {
            "value": "granted",
            "displayValue": "granted"
          }
        ]
      },
      {
        "defaultValue": "denied",
        "displayName": "functionality_storage",
        "name": "functionality_storage",
        "type": "SELECT",
        "selectItems": [
          {
            "value": "denied",
            "displayValue": "denied"
          },
          {
            "value": "granted",
            "displayValue": "granted"
          }
        ]
      },
      {
        "defaultValue": "denied",
        "displayName": "personalization_storage",
        "name": "personalization_storage",
        "type": "SELECT",
        "selectItems": [
          {
            "value": "denied",
            "displayValue": "denied"
          },
          {
            "value": "granted",
            "displayValue": "granted"
          }
        ]
      }
    ]
  }
]


___SANDBOXED_JS_FOR_WEB_TEMPLATE___

// ConsentGate for Google Tag Manager: the Consent Mode default, then the consent stored in the
// ConsentGate cookie. Later changes come from the page's ConsentGate core (gtag('consent',
// 'update') and the consent_gate_update dataLayer event); see docs/gtm.md.
const setDefaultConsentState = require('setDefaultConsentState');
const updateConsentState = require('updateConsentState');
const getCookieValues = require('getCookieValues');
const getTimestampMillis = require('getTimestampMillis');
const makeNumber = require('makeNumber');
const makeString = require('makeString');
const logToConsole = require('logToConsole');

const TYPES = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage', 'functionality_storage', 'personalization_storage'];
// Category → the consent types it grants (ConsentGate's default mapping).
const MAPPING = [
  ['analytics', ['analytics_storage']],
  ['marketing', ['ad_storage', 'ad_user_data', 'ad_personalization']],
  ['personalization', ['personalization_storage']],
  ['functional', ['functionality_storage']]
];
const HEX = '0123456789abcdef';
const ID_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-';
// Printable ASCII from the space on: a character's code is its index here plus 32.
const ASCII = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~';
const DAY = 86400000;
const MAX_AGE = 400 * DAY;

const signals = function (granted) {
  const out = {};
  TYPES.forEach(function (t) {
    out[t] = granted[t] ? 'granted' : 'denied';
  });
  out.security_storage = 'granted';
  return out;
};

const only = function (s, chars, min, max) {
  if (typeof s !== 'string' || s.length < min || s.length > max) return false;
  for (let i = 0; i < s.length; i++) if (chars.indexOf(s.charAt(i)) < 0) return false;
  return true;
};
const digits = function (s, max) {
  return only(s, '0123456789', 1, max);
};

// XOR of two numbers below 256, with arithmetic only.
const xor8 = function (a, b) {
  let out = 0;
  let bit = 1;
  for (let i = 0; i < 8; i++) {
    if (a % 2 !== b % 2) out = out + bit;
    a = (a - (a % 2)) / 2;
    b = (b - (b % 2)) / 2;
    bit = bit * 2;
  }
  return out;
};

// FNV-1a 32 bit as 8 hex digits (src/util/hash.ts), exact in doubles: the prime is 2^24 + 403.
const fnv1a = function (s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    const code = ASCII.indexOf(s.charAt(i));
    if (code < 0) return '';
    const low = h % 256;
    h = h - low + xor8(low, code + 32);
    h = ((h % 256) * 16777216 + h * 403) % 4294967296;
  }
  let hex = '';
  for (let j = 0; j < 8; j++) {
    hex = HEX.charAt(h % 16) + hex;
    h = (h - (h % 16)) / 16;
  }
  return hex;
};

// `id:1.id:0` → { id: true|false }, or undefined when malformed.
const parseFlags = function (field) {
  const out = {};
  if (field === '') return out;
  const parts = field.split('.');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    const id = p.slice(0, -2);
    const flag = p.slice(-1);
    if (!only(id, ID_CHARS, 1, 64) || p.charAt(p.length - 2) !== ':' || (flag !== '0' && flag !== '1')) return undefined;
    out[id] = flag === '1';
  }
  return out;
};

// The cookie (docs/cookie.md): version 1 `1|id|rev|method|ts|exp|cats|svcs|checksum`, version 2
// `2|id|rev|method|ts|exp|cats|svcs|profile|gpc|reconfirm|checksum`. The granted categories of
// a record in force, or undefined: anything malformed, edited, expired or stale counts as no choice.
const decode = function (value, now) {
  if (typeof value !== 'string' || value.length > 4096) return undefined;
  const f = value.split('|');
  const v2 = f[0] === '2' && f.length === 12;
  if (!v2 && !(f[0] === '1' && f.length === 9)) return undefined;
  const sum = f[f.length - 1];
  if (!only(sum, HEX, 8, 8) || fnv1a(value.slice(0, value.length - 9)) !== sum) return undefined;
  if (!only(f[1], HEX + '-', 36, 36) || !digits(f[2], 10) || !only(f[3], ID_CHARS, 1, 32) || !digits(f[4], 11) || !digits(f[5], 11)) return undefined;
  if (v2 && (['eu', 'uk', 'kr', 'us', 'none'].indexOf(f[8]) < 0 || (f[9] !== '0' && f[9] !== '1') || (f[10] !== '' && !digits(f[10], 12)))) return undefined;
  const ts = makeNumber(f[4]) * 1000;
  const exp = makeNumber(f[5]) * 1000;
  if (!(exp > now && exp > ts && ts <= now + DAY && exp <= (ts < now ? ts : now) + MAX_AGE)) return undefined;
  const minRevision = makeNumber(data.revision || 0);
  if (minRevision > 0 && makeNumber(f[2]) < minRevision) return undefined;
  const cats = parseFlags(f[6]);
  if (!cats || !parseFlags(f[7])) return undefined;
  // A kr marketing consent past its re-confirmation date no longer counts.
  if (v2 && f[10] !== '' && makeNumber(f[10]) * 1000 <= now) cats.marketing = false;
  return cats;
};

const wait = makeNumber(data.waitForUpdate);
const waitForUpdate = wait >= 500 && wait <= 60000 ? wait : 500;

// Region rows first (Google applies the most specific), then the general default.
(data.regions || []).forEach(function (row) {
  const region = makeString(row.region || '').trim().toUpperCase();
  if (!region) return;
  const granted = {};
  TYPES.forEach(function (t) {
    granted[t] = row[t] === 'granted';
  });
  const regional = signals(granted);
  regional.region = region.split(',').map(function (r) { return r.trim(); });
  regional.wait_for_update = waitForUpdate;
  setDefaultConsentState(regional);
});
const general = signals({});
general.wait_for_update = waitForUpdate;
setDefaultConsentState(general);

const cookieName = makeString(data.cookieName || 'consent_gate');
const values = getCookieValues(cookieName) || [];
const cats = values.length === 1 ? decode(values[0], getTimestampMillis()) : undefined;
if (cats) {
  const granted = {};
  // A type is granted when every category mapped to it is.
  MAPPING.forEach(function (m) {
    m[1].forEach(function (t) {
      granted[t] = cats[m[0]] === true && granted[t] !== false;
    });
  });
  updateConsentState(signals(granted));
} else if (values.length) {
  logToConsole('ConsentGate: the ' + cookieName + ' cookie is not a consent in force; consent stays denied');
}

data.gtmOnSuccess();


___WEB_PERMISSIONS___

[
  {
    "instance": {
      "key": {
        "publicId": "access_consent",
        "versionId": "1"
      },
      "param": [
        {
          "key": "consentTypes",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "consentType"
                  },
                  {
                    "type": 1,
                    "string": "read"
                  },
                  {
                    "type": 1,
                    "string": "write"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "ad_storage"
                  },
                  {
                    "type": 8,
                    "boolean": false
                  },
                  {
                    "type": 8,
                    "boolean": true
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "consentType"
                  },
                  {
                    "type": 1,
                    "string": "read"
                  },
                  {
                    "type": 1,
                    "string": "write"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "ad_user_data"
                  },
                  {
                    "type": 8,
                    "boolean": false
                  },
                  {
                    "type": 8,
                    "boolean": true
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "consentType"
                  },
                  {
                    "type": 1,
                    "string": "read"
                  },
                  {
                    "type": 1,
                    "string": "write"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "ad_personalization"
                  },
                  {
                    "type": 8,
                    "boolean": false
                  },
                  {
                    "type": 8,
                    "boolean": true
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "consentType"
                  },
                  {
                    "type": 1,
                    "string": "read"
                  },
                  {
                    "type": 1,
                    "string": "write"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "analytics_storage"
                  },
                  {
                    "type": 8,
                    "boolean": false
                  },
                  {
                    "type": 8,
                    "boolean": true
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "consentType"
                  },
                  {
                    "type": 1,
                    "string": "read"
                  },
                  {
                    "type": 1,
                    "string": "write"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "functionality_storage"
                  },
                  {
                    "type": 8,
                    "boolean": false
                  },
                  {
                    "type": 8,
                    "boolean": true
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "consentType"
                  },
                  {
                    "type": 1,
                    "string": "read"
                  },
                  {
                    "type": 1,
                    "string": "write"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "personalization_storage"
                  },
                  {
                    "type": 8,
                    "boolean": false
                  },
                  {
                    "type": 8,
                    "boolean": true
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "consentType"
                  },
                  {
                    "type": 1,
                    "string": "read"
                  },
                  {
                    "type": 1,
                    "string": "write"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "security_storage"
                  },
                  {
                    "type": 8,
                    "boolean": false
                  },
                  {
                    "type": 8,
                    "boolean": true
                  }
                ]
              }
            ]
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "get_cookies",
        "versionId": "1"
      },
      "param": [
        {
          "key": "cookieAccess",
          "value": {
            "type": 1,
            "string": "specific"
          }
        },
        {
          "key": "cookieNames",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 1,
                "string": "consent_gate"
              }
            ]
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "logging",
        "versionId": "1"
      },
      "param": [
        {
          "key": "environments",
          "value": {
            "type": 1,
            "string": "debug"
          }
        }
      ]
    },
    "isRequired": true
  }
]


___TESTS___

scenarios: []


___NOTES___

The ConsentGate GTM template (issue 12); docs/gtm.md describes it, tests/unit/gtm-template.test.ts runs it.

