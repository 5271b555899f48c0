/*
 * Every word the site writes itself, in Japanese and English.  A message
 * is a row of SITE_MESSAGES: its enum name, the Japanese, the English.
 * To add one, add a row; L(lang, M_...) gives it in a page's language.
 */
#ifndef INK_SITE_I18N_H
#define INK_SITE_I18N_H

#define SITE_MESSAGES(X) \
	X(M_SITE, "公開登録簿", "Public registry") \
	X(M_SKIP, "本文へ移動", "Skip to the content") \
	X(M_NAV, "サイト内の主なページ", "Main pages") \
	X(M_HOME, "ホーム", "Home") \
	X(M_REGISTER, "登録簿", "Register") \
	X(M_ORGS, "事業者・組織", "Organisations") \
	X(M_SVCS, "サービス", "Services") \
	X(M_SIGNERS, "署名者", "Signers") \
	X(M_REVOCATIONS, "取消し・登録抹消", "Revocations and delistings") \
	X(M_COMPARE, "比較", "Compare") \
	X(M_GLOSSARY, "用語集", "Glossary") \
	X(M_VERIFY, "記録の検証", "Verify a record") \
	X(M_SEARCH, "検索", "Search") \
	X(M_SEARCH_LABEL, "事業者名・法人番号・サービス名・監査人で検索", \
	    "Search by organisation, corporate number, service or auditor") \
	X(M_OTHER_LANG, "English", "日本語") \
	X(M_OTHER_LANG_LABEL, "このページの英語版", \
	    "This page in Japanese") \
	X(M_FOOTER, "この登録簿の記録はすべて署名され、透明性ログに記録されています。" \
	    "掲載内容はサイト生成時に検証しました。", \
	    "Every record of this registry is signed and logged in a " \
	    "transparency log; what this site shows was verified when it " \
	    "was built.") \
	X(M_MACHINE, "機械可読データ", "Machine-readable data") \
	X(M_FEED_CHANGES, "すべての変更（Atom）", "All changes (Atom)") \
	X(M_FEED_REVOCATIONS, "取消し・登録抹消（Atom）", \
	    "Revocations and delistings (Atom)") \
	X(M_FEED_ORG, "この事業者・組織の登録と状態の変更（Atom）", \
	    "Registrations and status changes of this organisation (Atom)") \
	X(M_FEED_SVC, "このサービスの登録と状態の変更（Atom）", \
	    "Registrations and status changes of this service (Atom)") \
	X(M_CSV, "登録簿（CSV）", "Register (CSV)") \
	X(M_JSON_INDEX, "全記録の索引（JSON）", "Index of all records (JSON)") \
	X(M_SIGNERS_JSON, "署名者の公開鍵（JSON）", "Signers' public keys (JSON)") \
	X(M_HOME_TITLE, "登録されたサービスと評価の公開登録簿", \
	    "The public register of audited services and assessments") \
	X(M_HOME_INTRO, "この登録簿は、監査報告書とサプライチェーン・セキュリティ評価（★3・★4）を、" \
	    "監査人・専門家と経営者の電子署名付きで登録し、公開するものです。" \
	    "掲載されているすべての記録は、誰でも手元で検証できます。", \
	    "This register publishes audit reports and supply-chain " \
	    "security assessments (★3, ★4), signed by the auditors or " \
	    "experts and by management.  Anyone can verify every record " \
	    "on their own computer.") \
	X(M_COUNTS, "登録件数", "Counts") \
	X(M_BY_SCHEME, "制度・レベル別", "By scheme and level") \
	X(M_BY_STATUS, "状態別", "By status") \
	X(M_TOTAL, "合計", "Total") \
	X(M_LATEST_REG, "最近の登録", "Latest registrations") \
	X(M_LATEST_REV, "最近の取消し・登録抹消", \
	    "Latest revocations and delistings") \
	X(M_OVER_TIME, "登録と取消しの推移（月別）", \
	    "Registrations and revocations per month") \
	X(M_CHART_REG, "月別の登録件数", "Registrations per month") \
	X(M_CHART_REV, "月別の取消し・一時停止・登録抹消の件数", \
	    "Revocations, suspensions and delistings per month") \
	X(M_MONTH, "月", "Month") \
	X(M_REGISTRATIONS, "登録", "Registrations") \
	X(M_REVOKES, "取消し等", "Revocations etc.") \
	X(M_DATA_TABLE, "グラフの数値", "The numbers in the chart") \
	X(M_REGISTRY_STATE, "登録簿の状態", "State of the registry") \
	X(M_REGISTRY_NAME, "登録簿の名前（ログの origin）", \
	    "Registry name (log origin)") \
	X(M_COMMIT, "生成元のコミット", "Built from commit") \
	X(M_LOG_SIZE, "透明性ログの記録数", "Entries in the transparency log") \
	X(M_CHECKPOINT, "署名付きチェックポイント", "Signed checkpoint") \
	X(M_LOG_VKEY, "ログの検証鍵", "The log's verifier key") \
	X(M_ALL_RECORDS, "すべての登録", "All entries") \
	X(M_FILTERS, "絞り込み", "Filter") \
	X(M_FILTER_HINT, "各項目を選ぶと、その条件の一覧に移動します。", \
	    "Each choice opens the list for it.") \
	X(M_STATUS, "状態", "Status") \
	X(M_SCHEME, "制度", "Scheme") \
	X(M_LEVEL, "レベル", "Level") \
	X(M_SCHEME_LEVEL, "制度・レベル", "Scheme and level") \
	X(M_MODEL, "提供形態", "Service model") \
	X(M_DEPLOY, "実装形態", "Deployment model") \
	X(M_EXPIRES, "有効期限の年", "Year of expiry") \
	X(M_ANY, "すべて", "Any") \
	X(M_CLEAR, "条件を解除", "Clear") \
	X(M_RESULTS, "件", "entries") \
	X(M_SHOWING, "表示中", "Showing") \
	X(M_OF, "／", "of") \
	X(M_PAGE_PREV, "前のページ", "Previous page") \
	X(M_PAGE_NEXT, "次のページ", "Next page") \
	X(M_PAGE_FIRST, "最初のページ", "First page") \
	X(M_PAGES, "ページ", "Pages") \
	X(M_ENTRIES_N, "件目", "") \
	X(M_LOG_INDEX, "ログ番号", "Log index") \
	X(M_REG_NUMBER, "登録番号", "Registration No.") \
	X(M_UPDATED, "更新日", "Updated") \
	X(M_SVC_CATEGORY, "サービス区分", "Service category") \
	X(M_SVC_NAME, "サービス名称", "Service name") \
	X(M_PROVIDER, "事業者名", "Provider") \
	X(M_SVC_SUMMARY, "サービス概要", "Service summary") \
	X(M_PROGRAMME_LIST, "掲載中のサービス一覧", "Services listed") \
	X(M_PROGRAMME_NOTE, "登録が有効なサービスだけを、制度の一覧と同じ項目で掲載し" \
	    "ています。取消し・登録抹消・期限切れを含むすべての記録と状態は登録簿に" \
	    "あります。", "Only services whose registration is in force, with " \
	    "the programme's own columns. Every record, with revocations, " \
	    "delistings and expiries and their status, is in the register.") \
	X(M_WAS, "登録時の記載", "as registered") \
	X(M_ORG, "事業者・組織", "Organisation") \
	X(M_SVC, "サービス", "Service") \
	X(M_VALIDITY, "有効期間", "Validity") \
	X(M_ASSESSOR, "監査人・専門家", "Auditor or expert") \
	X(M_REGISTERED, "登録日", "Registered") \
	X(M_RECORD, "記録", "Record") \
	X(M_SELECT_COMPARE, "比較に選ぶ", "Choose to compare") \
	X(M_COMPARE_SELECTED, "選んだサービスを比較", "Compare the chosen services") \
	X(M_COMPARE_TABLE, "この一覧を確認項目で比較する", \
	    "Compare this list by the checklist") \
	X(M_NONE, "該当する登録はありません。", "No entries.") \
	X(M_FILTER_NOW, "絞り込み", "Filter") \
	X(M_FILTER_CHANGE, "条件を変える", "Change the filter") \
	X(M_SORT_BY, "並べ替え", "Sort by") \
	X(M_SORT_PAGE, "列の見出しを押すと、このページの行を並べ替えます。", \
	    "Choose a column's heading to sort this page's rows by it.") \
	X(M_DATES_JST, "日付はすべて日本時間（JST）です。", \
	    "All dates are in Japan time (JST).") \
	X(M_SEARCH_SHORT, "2文字以上を入力してください。", \
	    "Type at least two characters.") \
	X(M_SEARCH_FIRST, "件のうち最初の分を表示しています。語を加えて絞り込めます。", \
	    "found; the first are shown. Add words to narrow it.") \
	X(M_SEARCH_FAILED, "検索の索引を読み込めませんでした。", \
	    "The search index could not be loaded.") \
	X(M_KIND, "記録の種類", "Kind of record") \
	X(M_KIND_OTHER, "その他の記録", "Other record") \
	X(M_RECORD_ID, "記録ID", "Record id") \
	X(M_VERIFICATION, "検証結果（サイト生成時）", \
	    "Verification (when this site was built)") \
	X(M_VERIFIED_OK, "検証済み：署名、署名者の認定、制度の規則、透明性ログへの記録をすべて確認しました。", \
	    "Verified: the signatures, the signers' accreditation, the " \
	    "scheme's rules and the entry in the transparency log all " \
	    "check out.") \
	X(M_VERIFIED_BAD, "検証できませんでした。次の問題があります。", \
	    "Not verified.  These problems were found:") \
	X(M_CHECK, "確認項目", "Check") \
	X(M_RESULT, "結果", "Result") \
	X(M_CHK_SIGS, "申告された署名者全員の有効な署名", \
	    "A valid signature by every declared signer") \
	X(M_CHK_ACC, "登録時点での署名者の認定（役割と制度）", \
	    "Each signer accredited for the role and scheme when it was " \
	    "registered") \
	X(M_CHK_RULES, "制度の規則（有効期間の計算を含む）", \
	    "The scheme's rules (including the computed validity)") \
	X(M_CHK_LOG, "署名付きチェックポイントへの包含証明", \
	    "Inclusion proof to the signed checkpoint") \
	X(M_CHK_ROOT, "トラストルートの有効性", "The trust root is in force") \
	X(M_OK, "✓ 確認済み", "✓ passed") \
	X(M_FAIL, "✕ 問題あり", "✕ failed") \
	X(M_ROOT_EXPIRED, "この登録簿のトラストルートは有効期限が切れています。", \
	    "This registry's trust root has expired.") \
	X(M_WHY, "理由", "Reason") \
	X(M_DETAILS, "記録の内容", "What the record says") \
	X(M_SIGNERS_OF, "署名者と役割", "Signers and roles") \
	X(M_ROLE, "役割", "Role") \
	X(M_NAME, "氏名", "Name") \
	X(M_KEYID, "鍵ID", "Key id") \
	X(M_ACCREDITATION, "認定", "Accreditation") \
	X(M_NOT_ACCREDITED, "該当する認定なし", "No matching accreditation") \
	X(M_HISTORY, "経緯", "History") \
	X(M_DATE, "日時", "Date") \
	X(M_EVENT, "出来事", "Event") \
	X(M_EV_REGISTERED, "登録", "Registered") \
	X(M_EV_SUPERSEDED, "新しい記録に置き換え", "Superseded by a newer record") \
	X(M_EV_RENEWAL, "同じサービスの別の記録", \
	    "Another record of the same service") \
	X(M_VERIFY_YOURSELF, "自分で検証する", "Verify it yourself") \
	X(M_VY_INTRO, "このサイトを信頼する必要はありません。登録簿を複製し、署名付き記録ファイルを取得して、inkan で検証できます。", \
	    "You need not trust this site: clone the registry, fetch the " \
	    "record's envelope and check it with inkan.") \
	X(M_VY_CLONE, "登録簿（git リポジトリ）を複製する", \
	    "Clone the registry (a git repository)") \
	X(M_VY_FETCH, "署名付き記録ファイル（DSSE）", "The record's envelope (DSSE)") \
	X(M_VY_CHECK, "署名・認定・ログ・状態を検証し、包含証明を表示する", \
	    "Verify signatures, accreditation, log and status, and print " \
	    "the inclusion proof") \
	X(M_VY_BROWSER, "ブラウザで検証する", "Verify in the browser") \
	X(M_REGISTRY_URL, "登録簿のURL", "REGISTRY-URL") \
	X(M_QR, "このページへのQRコード", "QR code for this page") \
	X(M_QR_ID, "記録IDのQRコード", "QR code of the record id") \
	X(M_QR_ALT, "QRコードの内容", "The QR code holds") \
	X(M_DATA, "データ", "Data") \
	X(M_JSON, "この記録（JSON）", "This record (JSON)") \
	X(M_ENVELOPE, "署名付き記録ファイル（DSSE）", "Signed envelope (DSSE)") \
	X(M_SOC3, "公開用要約（SOC 3 型）", "Public summary (SOC 3-style)") \
	X(M_SOC3_OF, "公開用要約", "Public summary") \
	X(M_CERT_SUMMARY, "認定の公開情報", "Certification: public summary") \
	X(M_CERT_KIND, "認定", "Certification") \
	X(M_CERT_DATE, "認定日", "Certified on") \
	X(M_CERT_DEPT, "サービス提供部門", "Department") \
	X(M_LAST_DAY, "有効期限", "Valid until") \
	X(M_CERT_NOTE, "この要約は認定の記録から作られています。上の状態は登録簿での現在の状態、署名の確認はこのサイトの生成時に記録を検証したものです。", \
	  "This summary is made from the certification's record. The status above is the registry's current status; the signatures were checked when this site was built.") \
	X(M_SOC3_NOTE, "この要約は監査報告書の記録から作られています。上の状態は登録簿での現在の状態、署名の確認はこのサイトの生成時に記録を検証したものです。", \
	    "This summary is made from the audit-report record; the status " \
	    "above is the record's in the registry, and its signatures were " \
	    "checked when this site was built.") \
	X(M_BACK_RECORD, "記録のページ", "The record's page") \
	X(M_CORP, "法人番号", "Corporate number") \
	X(M_SVC_ID, "サービスID", "Service id") \
	X(M_REGIONS, "データの所在地域", "Regions") \
	X(M_FIRM, "監査法人", "Audit firm") \
	X(M_SCOPE, "対象範囲", "Scope") \
	X(M_SCOPE_GROUP, "グループ", "Group") \
	X(M_SCOPE_COMPANY, "会社", "Company") \
	X(M_SCOPE_DEPARTMENT, "部門", "Department") \
	X(M_BUILT_ON, "基盤としているサービス", \
	    "Services it is built on (built_on)") \
	X(M_DEPENDANTS, "このサービスを基盤とするサービス", \
	    "Services built on it") \
	X(M_SUPERSEDES, "置き換えた記録", "Supersedes") \
	X(M_SUPERSEDED_BY, "置き換えた新しい記録", "Superseded by") \
	X(M_VALID_FROM_TO, "〜", "to") \
	X(M_JST_DAYS, "（日本時間の日付。最終日を含む）", \
	    "(days in Japan time, last day included)") \
	X(M_RESULTS_SCS, "大分類ごとの評価結果", "Result per major category") \
	X(M_OVERALL, "総合結果", "Overall result") \
	X(M_CATEGORY, "大分類", "Major category") \
	X(M_CONFORMANT, "適合", "Conformant") \
	X(M_NEEDS_IMPROVEMENT, "改善要", "Needs improvement") \
	X(M_NOT_APPLICABLE, "対象外", "Not applicable") \
	X(M_REQUIREMENTS, "要求事項の数", "Requirements") \
	X(M_CHART_SCS_DESC, "大分類ごとに、適合・改善要・対象外の要求事項の数を示す横棒グラフ。", \
	    "Horizontal bars: per major category, the number of " \
	    "requirements conformant, needing improvement and not " \
	    "applicable.") \
	X(M_EXPERT, "セキュリティ専門家", "Security expert") \
	X(M_QUALIFICATION, "資格", "Qualification") \
	X(M_DECLARATION, "経営者の自己適合宣言", \
	    "Management's self-conformity declaration") \
	X(M_CONFIRMED, "専門家確認日", "Confirmed by the expert on") \
	X(M_CATALOG, "要求事項の版", "Catalogue") \
	X(M_ACTION, "処分・変更", "Action") \
	X(M_TARGET, "対象の記録", "Record concerned") \
	X(M_REASON_CODE, "理由コード", "Reason code") \
	X(M_EFFECTIVE, "効力発生日時", "Effective") \
	X(M_PERSON, "氏名", "Person") \
	X(M_ROLES, "認定された役割", "Accredited roles") \
	X(M_SCHEMES, "対象制度", "Schemes") \
	X(M_QUALS, "資格", "Qualifications") \
	X(M_ACC_VALID, "認定の有効期間", "Accreditation valid") \
	X(M_ALL_SCHEMES, "すべての制度", "every scheme") \
	X(M_ROOT_VERSION, "版", "Version") \
	X(M_ROOT_EXPIRES, "有効期限", "Expires") \
	X(M_THRESHOLD, "必要な署名数", "Threshold") \
	X(M_OPERATOR_KEYS, "運営者の鍵", "Operator keys") \
	X(M_ACCREDITED_SIGNERS, "この組織の認定署名者", \
	    "Accredited signers of this organisation") \
	X(M_ENTRIES_OF, "登録", "Register entries") \
	X(M_SVCS_OF, "サービス", "Services") \
	X(M_CURRENT, "最新の記録", "Newest record") \
	X(M_RECORDS_OF_SVC, "このサービスの記録", "Records of this service") \
	X(M_COMPARE_THIS, "このサービスを他と比較する", \
	    "Compare this service with others") \
	X(M_COMPARE_SAME, "同じ制度・レベルの有効なサービスと比較表で比べる", \
	    "See it in the checklist table of active services of the same " \
	    "scheme and level") \
	X(M_ACCREDITATIONS, "認定の記録", "Accreditations") \
	X(M_SIGNED_RECORDS, "署名した記録", "Records signed") \
	X(M_SIGNER_OF, "署名者", "Signer") \
	X(M_REV_INTRO, "取り消された、一時停止された、取り下げられた、または登録を抹消された記録です。" \
	    "基盤サービスの抹消に伴って抹消されたサービスも含みます。", \
	    "Records revoked, suspended, withdrawn or delisted, including " \
	    "services delisted because a service they are built on was.") \
	X(M_CASCADE, "基盤サービスの抹消に伴う抹消", \
	    "Delisted with a service it is built on") \
	X(M_BY_RECORD, "根拠の記録", "By record") \
	X(M_GLOSSARY_INTRO, "このサイトに出てくる項目と状態の言葉を、日本語と英語で説明します。", \
	    "The fields and status words of this site, in Japanese and " \
	    "English.") \
	X(M_TERM_JA, "日本語", "Japanese") \
	X(M_TERM_EN, "英語", "English") \
	X(M_MEANING, "意味", "Meaning") \
	X(M_FIELDS, "項目", "Fields") \
	X(M_STATUS_WORDS, "状態の言葉", "Status words") \
	X(M_ACTIONS, "状態の記録の種類", "Actions of status records") \
	X(M_ROLE_WORDS, "署名者の役割", "Signer roles") \
	X(M_CMP_TITLE, "サービスの比較", "Compare services") \
	X(M_CMP_INTRO, "クラウドサービス選定の重点確認事項（データの所在、準拠法、サービスレベル、監査した者、有効期限など）に沿って、2〜4件のサービスを並べて比べます。", \
	    "Two to four services side by side along a procurer's " \
	    "checklist: where the data lives, governing law, service " \
	    "level, who audited, until when.") \
	X(M_CMP_NOJS, "JavaScript を使わずに比べるには、制度・レベルごとの比較表を開いてください。", \
	    "Without JavaScript, open the checklist table of a scheme " \
	    "and level:") \
	X(M_CMP_PICK, "比較するサービスを選ぶ（2〜4件）", \
	    "Choose services to compare (two to four)") \
	X(M_CMP_ADD, "サービスを追加", "Add a service") \
	X(M_CMP_TOO_MANY, "比較できるのは4件までです。", \
	    "At most four services can be compared.") \
	X(M_CMP_LOCATION, "データの所在", "Where the data lives") \
	X(M_CMP_LAW, "準拠法・管轄裁判所", "Governing law and jurisdiction") \
	X(M_CMP_SLA, "サービスレベル・主要なサービスコミットメント", \
	    "Service level and principal commitments") \
	X(M_CMP_WHO, "監査・評価した者", "Who audited or assessed") \
	X(M_CMP_UNTIL, "有効期限（最終日）", "Valid until (last day)") \
	X(M_CMP_DISCLOSURES, "公開情報", "Public disclosures") \
	X(M_CMP_TABLE_TITLE, "確認項目による比較表", "Checklist table") \
	X(M_NOT_GIVEN, "記載なし", "not given") \
	X(M_SEARCH_TITLE, "検索", "Search") \
	X(M_SEARCH_RESULTS, "検索結果", "Results") \
	X(M_SEARCH_NOJS, "JavaScript が無効なため、すべての事業者とサービスを名前順に示します。ブラウザのページ内検索で探せます。", \
	    "JavaScript is off, so here are all organisations and " \
	    "services by name; use your browser's find in page.") \
	X(M_SEARCH_FOR, "検索語", "Search for") \
	X(M_VERIFY_TITLE, "記録をブラウザで検証する", \
	    "Verify a record in your browser") \
	X(M_VERIFY_INTRO, "受け取った署名付き記録ファイル（.dsse.json）を選ぶか、内容を貼り付けてください。" \
	    "署名をこの登録簿が公開している署名者の公開鍵（api/signers.json）でブラウザ内で検証します。ファイルは送信されません。", \
	    "Choose a record's envelope (.dsse.json) you were given, or " \
	    "paste it.  Its signatures are checked in your browser " \
	    "against the signers' public keys this registry publishes " \
	    "(api/signers.json); nothing is uploaded.") \
	X(M_VERIFY_FILE, "署名付き記録ファイル", "Envelope file") \
	X(M_VERIFY_PASTE, "またはファイルの内容を貼り付け", "Or paste the envelope") \
	X(M_VERIFY_BUTTON, "検証する", "Verify") \
	X(M_VERIFY_NOJS, "この検証には JavaScript が必要です。コマンドラインでは次のように検証できます。", \
	    "This check needs JavaScript.  On the command line:") \
	X(M_VERIFY_FULL, "ブラウザでの検証は、このサイトが公開している署名者の鍵と認定、制度が求める役割、登録簿での状態、透明性ログのチェックポイントとハッシュを使います。このサイト自体を信頼せずに確かめるには、登録簿を複製して inkan verify を使ってください。", \
	    "The browser checks against what this site publishes: the " \
	    "signers' keys and accreditations, the roles each scheme " \
	    "requires, the status in the registry, and the transparency " \
	    "log's checkpoint and hashes.  To check without trusting this " \
	    "site, clone the registry and use inkan verify.") \
	X(M_DOWNLOAD, "ダウンロード", "Download") \
	X(M_NO_ORG, "（組織名なし）", "(no name)") \
	X(M_ENTRIES_COUNT, "件の登録", "entries") \
	X(M_ENTRY_COUNT_ONE, "件の登録", "entry") \
	X(M_EVALUATED, "評価完了日", "Evaluation completed on") \
	X(M_SEARCH_NOJS_BIG, "JavaScript が無効なため、すべての事業者・組織を名前順に示します。サービスは各事業者のページとサービスの一覧にあります。", \
	    "JavaScript is off, so here are all organisations by name; " \
	    "their services are on their pages and in the service index.") \
	X(M_INDEX_OF_ORGS, "事業者・組織の一覧", "All organisations") \
	X(M_INDEX_OF_SVCS, "サービスの一覧", "All services") \
	X(M_INDEX_OF_SIGNERS, "署名者の一覧", "All signers") \
	X(M_LANG_CHOOSE, "言語を選んでください", "Choose a language") \
	X(M_STATE_ACTIVE, "有効", "Active") \
	X(M_STATE_REVOKED, "取消し", "Revoked") \
	X(M_STATE_SUSPENDED, "一時停止", "Suspended") \
	X(M_STATE_WITHDRAWN, "取下げ", "Withdrawn") \
	X(M_STATE_SUPERSEDED, "更新済み（置き換え）", "Superseded") \
	X(M_STATE_EXPIRED, "有効期限切れ", "Expired") \
	X(M_STATE_NOT_YET, "有効期間前", "Not yet valid") \
	X(M_STATE_DELISTED, "登録抹消", "Delisted") \
	X(M_STATE_RECORDED, "記録済み", "Recorded") \
	X(M_WHY_SUPERSEDED, "新しい記録に置き換えられました", \
	    "Superseded by a newer record") \
	X(M_WHY_EXPIRED, "有効期間が終了しました", "Its validity window ended") \
	X(M_RENEWAL_PENDING, "更新申請中：有効期間の終了後も、更新の審査が終わるまで" \
	    "有効です", "Renewal applied for: it stays in force past the end of " \
	    "its validity until the renewal is decided") \
	X(M_WHY_NOT_YET, "有効期間がまだ始まっていません", \
	    "Its validity window has not begun") \
	X(M_WHY_CASCADE, "基盤としているサービスが有効ではありません", \
	    "A service it is built on is not active") \
	X(M_WHY_NOT_REGISTERED, "まだ登録されていません", "Not registered yet") \
	X(M_WHY_PREREQ, "認定要件を満たさなくなりました（原則として認定取消しの対象）", \
	    "A prerequisite no longer holds (in principle, grounds to revoke)") \
	X(M_PREREQS, "認定要件", "Prerequisites") \
	X(M_PREREQ_LISTING, "審査登録（サービスリスト掲載）", \
	    "Listing (review and registration)") \
	X(M_PREREQ_SCS, "SCS評価制度 ★4以上", "SCS ★4 or higher") \
	X(M_PREREQ_ISMS, "ISMS認証", "ISMS certification") \
	X(M_PREREQ_NONE, "登録簿にありません", "not in the registry") \
	X(M_UNTIL_DAY, "有効期限", "valid until") \
	X(M_REASON, "理由", "Reason") \
	X(M_COLON, "：", ": ") \
	X(M_STATUS_SINCE, "発効日時", "In effect since") \
	X(M_STATUS_SINCE_END, "有効期間の終了日時", "Validity ended at") \
	X(M_SIG_OK, "署名と登録の確認（サイト生成時）：署名、署名者の認定、制度の規則、透明性ログへの記録を確認済みです。", \
	    "The signatures check out (when this site was built): the " \
	    "signatures, the signers' accreditation, the scheme's rules and " \
	    "the entry in the transparency log.") \
	X(M_SIG_OK_NOT_ACTIVE, "署名と登録の確認（サイト生成時）：記録が改ざんされていないことは確認済みです。これは記録が本物であることを示すもので、現在有効であることを示すものではありません。", \
	    "The signatures check out (when this site was built): the " \
	    "record is genuine.  That says nothing about whether it is in " \
	    "force; its status above does.") \
	X(M_SIG_BAD, "署名と登録の確認（サイト生成時）：問題があります。下の検証結果を見てください。", \
	    "The signatures do not check out (when this site was built): " \
	    "see the verification below.") \
	X(M_VERIFIED_NOT_ACTIVE, "記録は本物であることを確認済みですが、現在有効ではありません。状態", \
	    "The record is genuine, but it is not in force.  Status") \
	X(M_DONE, "確認済み", "checked") \
	X(M_ACT_REVOKE, "取消し", "Revocation") \
	X(M_ACT_SUSPEND, "一時停止", "Suspension") \
	X(M_ACT_REINSTATE, "復帰", "Reinstatement") \
	X(M_ACT_WITHDRAW, "取下げ", "Withdrawal") \
	X(M_ACT_SUPERSEDE, "置き換え", "Supersession") \
	X(M_ACT_CORRECT, "訂正", "Correction") \
	X(M_ACT_RENEWAL, "更新申請", "Renewal applied for") \
	X(M_ACT_DEMAND, "是正要求", "Corrective demand") \
	X(M_ACT_DEMAND_CLOSED, "是正の完了", "Corrective demand closed") \
	X(M_ACT_SURVEILLANCE, "サーベイランス", "Surveillance") \
	X(M_DEMAND_DUE, "是正要求あり：期限", "Corrective demand open: due by") \
	X(M_DEMAND_OVERDUE, "是正要求の期限を過ぎています：期限", \
	    "Corrective demand overdue: it was due by") \
	X(M_DEADLINE, "是正の期限", "Due by") \
	X(M_CITES, "根拠となる是正要求", "Corrective demand cited") \
	X(M_SURV_RESULT, "サーベイランスの結果", "Result of the surveillance") \
	X(M_RESULT_NONE, "指摘事項なし", "No findings") \
	X(M_RESULT_FINDINGS, "指摘事項あり", "Findings") \
	X(M_ACT_DELIST, "登録抹消", "Delisting") \
	X(M_ROLE_AUDITOR, "監査人", "Auditor") \
	X(M_ROLE_EXPERT, "セキュリティ専門家", "Security expert") \
	X(M_ROLE_MANAGEMENT, "経営者", "Management") \
	X(M_ROLE_OPERATOR, "登録機関（運営者）", "Registry operator") \
	X(M_DEP_PUBLIC, "パブリッククラウド", "Public cloud") \
	X(M_DEP_PRIVATE, "プライベートクラウド", "Private cloud") \
	X(M_DEP_COMMUNITY, "コミュニティクラウド", "Community cloud") \
	X(M_DEP_HYBRID, "ハイブリッドクラウド", "Hybrid cloud") \
	X(M_LEGEND, "凡例", "Legend") \
	X(M_LEVEL_AND_HIGHER, "（上位レベルの登録を含む）", \
	    " (and the higher levels, which meet it)")

enum site_msg {
#define SITE_MSG_ENUM(id, ja, en) id,
	SITE_MESSAGES(SITE_MSG_ENUM)
#undef SITE_MSG_ENUM
	M_COUNT
};

/* The message in lang ("ja" or "en"). */
const char *L(const char *lang, enum site_msg m);

#endif
