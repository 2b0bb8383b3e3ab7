/*
 * campaign-ledger's first script on every page (task pane, ribbon function file, dialog). It is
 * ES5 on purpose, and test/excel/boot.test.ts parses it as such: it must run where the bundles
 * cannot, in the Internet Explorer 11 (Trident) and Microsoft Edge Legacy (EdgeHTML) webviews that
 * Office 2016/2019 and Microsoft 365 builds before 16.0.13530.20424 use on Windows, and in the
 * older Safari webviews of older Macs. There the bundles (ES2020, RegExp look-behind) do not even
 * parse, and without this script the pane would stay blank and the ribbon button would do nothing.
 *
 * It checks the features the bundles need. Where one is missing, or a bundle did not start by the
 * time the page has loaded, it says which Office is needed, in the pane's language, following
 * Microsoft's advice for these webviews ("Support older Microsoft webviews and Office versions"):
 * on the pane and the dialog as the page's content; in the function file by standing in for the
 * ribbon's command, which shows the message in a dialog and then completes its event. Otherwise
 * it does nothing: the bundles ask it (window.__campaignLedgerBoot) before they start.
 */
(function () {
  'use strict';

  var w = window;
  var page = (/([\w-]+)\.html?$/.exec(w.location.pathname) || [])[1] || 'taskpane';

  /** The features the bundles use whose absence stops them; each check must not throw where it is missing. */
  function missingFeatures() {
    var missing = [];
    function need(name, check) {
      var ok = false;
      try {
        ok = check();
      } catch (e) {
        ok = false;
      }
      if (!ok) missing.push(name);
    }
    need('Promise', function () {
      return typeof Promise === 'function' && typeof Promise.allSettled === 'function';
    });
    // ES2021; every engine that has it also parses the bundles' ES2020 syntax (?. and ??).
    need('String.prototype.replaceAll', function () {
      return typeof String.prototype.replaceAll === 'function';
    });
    need('Object.fromEntries', function () {
      return typeof Object.fromEntries === 'function';
    });
    need('Array.prototype.flatMap', function () {
      return typeof Array.prototype.flatMap === 'function';
    });
    need('globalThis', function () {
      return typeof globalThis === 'object';
    });
    // The plan reader's patterns use look-behind and Unicode properties: Safari has both from 16.4.
    need('RegExp (?<=…)', function () {
      return new RegExp('(?<=a)b').test('ab');
    });
    need('RegExp \\p{…}', function () {
      return new RegExp('\\p{Script=Han}', 'u').test('\u6c49');
    });
    need('TextDecoder', function () {
      return typeof TextDecoder === 'function';
    });
    need('URLSearchParams', function () {
      return typeof URLSearchParams === 'function';
    });
    return missing;
  }

  var TEXTS = {
    'zh-CN': {
      title: '活动台账无法在此版本的 Office 中运行',
      reason: '此 Office 用来显示加载项的浏览器组件{webview}太旧,缺少本加载项需要的功能({missing})。请使用以下任一环境:',
      options: [
        'Windows:Office 2021 或更高版本,或 Microsoft 365 版本 2101(内部版本 16.0.13530.20424)或更高版本,使用 Microsoft Edge WebView2;',
        'Mac:Microsoft 365 或 Office 2021 及以上版本,Safari 16.4 或更高版本(通过 macOS 的“软件更新”获得);',
        '网页版:在最新版的 Edge、Chrome、Safari 或 Firefox 中使用 Excel 网页版。'
      ],
      ie: '(Internet Explorer 11)',
      edge: '(旧版 Microsoft Edge)',
      close: '关闭'
    },
    'zh-TW': {
      title: '活動台賬無法在此版本的 Office 中執行',
      reason: '此 Office 用來顯示增益集的瀏覽器元件{webview}太舊,缺少本增益集需要的功能({missing})。請使用以下任一環境:',
      options: [
        'Windows:Office 2021 或更新版本,或 Microsoft 365 版本 2101(組建 16.0.13530.20424)或更新版本,使用 Microsoft Edge WebView2;',
        'Mac:Microsoft 365 或 Office 2021 及以上版本,Safari 16.4 或更新版本(透過 macOS 的「軟體更新」取得);',
        '網頁版:在最新版的 Edge、Chrome、Safari 或 Firefox 中使用 Excel 網頁版。'
      ],
      ie: '(Internet Explorer 11)',
      edge: '(舊版 Microsoft Edge)',
      close: '關閉'
    },
    en: {
      title: 'Campaign Ledger cannot run in this version of Office',
      reason: 'The browser component this Office uses to show add-ins{webview} is too old: it lacks features this add-in needs ({missing}). Use one of these:',
      options: [
        'Windows: Office 2021 or later, or Microsoft 365 Version 2101 (build 16.0.13530.20424) or later, with Microsoft Edge WebView2;',
        'Mac: Microsoft 365 or Office 2021 or later, with Safari 16.4 or later (from macOS Software Update);',
        'the web: Excel on the web in a current Edge, Chrome, Safari or Firefox.'
      ],
      ie: ' (Internet Explorer 11)',
      edge: ' (Microsoft Edge Legacy)',
      close: 'Close'
    }
  };

  /** The pane's language: ?lang=, else Office's display language, else the browser's (as src/excel/requirements.ts langOfOffice). */
  function langOf(tag) {
    var l = String(tag || '').toLowerCase();
    if (/^zh-(tw|hk|mo|hant)/.test(l)) return 'zh-TW';
    if (l.indexOf('zh') === 0) return 'zh-CN';
    return l ? 'en' : 'zh-CN';
  }

  function chosenLang() {
    var m = /[?&]lang=(zh-CN|zh-TW|en)(&|$)/.exec(w.location.search);
    if (m) return m[1];
    try {
      if (w.Office && w.Office.context && w.Office.context.displayLanguage) return langOf(w.Office.context.displayLanguage);
    } catch (e) {
      // Office not ready: the browser's language below.
    }
    return langOf(w.navigator.language || w.navigator.userLanguage);
  }

  /** Which old webview this is, by Microsoft's own test (navigator.userAgent: "Trident", "Edge/"). */
  function webviewName(t) {
    var ua = w.navigator.userAgent || '';
    if (ua.indexOf('Trident') !== -1) return t.ie;
    if (/\bEdge\//.test(ua)) return t.edge;
    return '';
  }

  function messageFor(lang, missing) {
    var t = TEXTS[lang];
    return {
      title: t.title,
      reason: t.reason.replace('{webview}', webviewName(t)).replace('{missing}', missing.join(', ')),
      options: t.options,
      close: t.close
    };
  }

  var missing = missingFeatures();
  var boot = {
    supported: missing.length === 0,
    missing: missing,
    started: false,
    /** Called by each bundle as it starts (src/boot/handshake.ts). */
    start: function () {
      boot.started = true;
    }
  };
  w.__campaignLedgerBoot = boot;

  /** The message as the page's only content (pane, dialog); the dialog gets a button that closes it. */
  function showOnPage() {
    var lang = chosenLang();
    var m = messageFor(lang, boot.missing.length ? boot.missing : ['?']);
    var body = document.body;
    for (var i = 0; i < body.children.length; i++) body.children[i].style.display = 'none';
    var box = document.createElement('div');
    box.id = 'unsupported';
    box.setAttribute('role', 'alert');
    box.setAttribute('lang', lang);
    box.style.cssText = 'display:block;margin:16px;font:14px/1.6 sans-serif;color:#201f1e';
    var h = document.createElement('h1');
    h.style.cssText = 'font-size:16px;margin:0 0 8px';
    h.textContent = m.title;
    var p = document.createElement('p');
    p.textContent = m.reason;
    var list = document.createElement('ul');
    list.style.cssText = 'padding-left:20px';
    for (var j = 0; j < m.options.length; j++) {
      var li = document.createElement('li');
      li.textContent = m.options[j];
      list.appendChild(li);
    }
    box.appendChild(h);
    box.appendChild(p);
    box.appendChild(list);
    if (page === 'dialog') {
      var close = document.createElement('button');
      close.type = 'button';
      close.textContent = m.close;
      close.onclick = function () {
        try {
          w.Office.onReady(function () {
            w.Office.context.ui.messageParent('close');
          });
        } catch (e) {
          // No Office: nothing to tell.
        }
      };
      box.appendChild(close);
    }
    body.appendChild(box);
    document.documentElement.setAttribute('lang', lang);
    document.title = m.title;
  }

  /** Office closes a function command that runs longer than this; the dialog is closed before (as src/excel/dialog.ts). */
  var DIALOG_LIMIT_MS = 4 * 60 * 1000;

  /**
   * The ribbon's command where the bundle cannot run: the message in a dialog (dialog.html, whose
   * own first script is this one), then event.completed(), always, so Excel does not show the
   * button as still working.
   */
  function standInCommand(event) {
    var done = false;
    function complete() {
      if (done) return;
      done = true;
      try {
        event.completed();
      } catch (e) {
        // Nothing more can be done.
      }
    }
    try {
      var lang = chosenLang();
      var m = messageFor(lang, boot.missing.length ? boot.missing : ['?']);
      var url = w.location.href.replace(/[^/?#]*([?#].*)?$/, '') + 'dialog.html?kind=error&lang=' + lang + '#' + encodeURIComponent([m.title, m.reason].concat(m.options).join('\n'));
      var O = w.Office;
      O.context.ui.displayDialogAsync(url, { height: 40, width: 40, displayInIframe: true }, function (result) {
        if (result.status !== O.AsyncResultStatus.Succeeded) return complete();
        var dialog = result.value;
        var timer = setTimeout(function () {
          try {
            dialog.close();
          } catch (e) {
            // Already closed.
          }
          complete();
        }, DIALOG_LIMIT_MS);
        function closed(byPage) {
          clearTimeout(timer);
          if (byPage) {
            try {
              dialog.close();
            } catch (e) {
              // Already closed.
            }
          }
          complete();
        }
        dialog.addEventHandler(O.EventType.DialogMessageReceived, function () {
          closed(true);
        });
        dialog.addEventHandler(O.EventType.DialogEventReceived, function () {
          closed(false);
        });
      });
    } catch (e) {
      complete();
    }
  }

  /**
   * The ribbon's command, by both names Office looks it up by: the global name at once, and
   * Office.actions.associate once office.js (the page's next script) has loaded.
   */
  function standInForCommands() {
    w.flagOverdue = standInCommand;
    function associate() {
      try {
        w.Office.onReady(function () {
          if (w.Office.actions && w.Office.actions.associate) w.Office.actions.associate('flagOverdue', standInCommand);
        });
      } catch (e) {
        // No Office: no ribbon either.
      }
    }
    if (document.readyState === 'complete') associate();
    else w.addEventListener('load', associate);
  }

  function giveWay() {
    if (page === 'commands') standInForCommands();
    else showOnPage();
  }

  // The verdict: at once where a feature is missing (the bundles will not start); otherwise once the
  // page has loaded, if no bundle started (it failed to parse or to run on something not checked).
  if (!boot.supported) {
    if (page === 'commands') standInForCommands();
    else if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', showOnPage);
    else showOnPage();
  }
  w.addEventListener('load', function () {
    if (boot.supported && !boot.started && page !== 'help') {
      boot.missing = ['JavaScript'];
      giveWay();
    }
  });
})();
