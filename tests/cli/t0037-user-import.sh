#!/bin/sh
# Issue 14 item 3, users: `cnap user import` from a CSV (UTF-8 with a BOM, CP932) checks every row against the
# file and the database, lists every problem with its line and column in Japanese and writes nothing unless there
# is none; --dry-run writes nothing either. `cnap user edit` changes e-mail, role, association and WGs, and
# deactivates: a deactivated user cannot log in, use a token, or be acted as with --as. `cnap association
# import` does the same for associations (コード, 名称, 業種).
. "$(dirname "$0")/lib.sh"
export CNAP_FAST_HASH=1

"$CNAP" init --db t.db --sample >/dev/null
users() { "$CNAP" user list --db t.db --json | jq -c '[.[] | [.login, .email, .active]]'; }
header='ログインID,氏名,役割,業界団体,WG,メールアドレス'

printf '\357\273\277%s\r\nsato,佐藤 花子,WG委員,,denshi,sato@example.jp\r\nsuzuki,鈴木 一郎,業界団体,bearing,,\r\n' "$header" >bom.csv
printf '%s\r\ntanaka,田中 次郎,事務局,,,tanaka@example.go.jp\r\nyamada,山田 太郎,reviewer,,"denshi",\r\n' "$header" |
	iconv -f UTF-8 -t CP932 >sjis.csv
before_users=$(users)
before_audit=$(audit_count t.db)

expect 0 "--dry-run of a good UTF-8 file (BOM)" -- user import --db t.db --file bom.csv --dry-run
has out "2人を登録できます。まだ何も登録していません" "says who would be added, and that nothing was"
has out "UTF-8（BOM付き）" "and the encoding it read"
has out "佐藤 花子" "with the names"
eq "$(users)" "$before_users" "--dry-run adds no user"
eq "$(audit_count t.db)" "$before_audit" "and no audit record"

expect 0 "a good UTF-8 file with a BOM is imported" -- user import --db t.db --file bom.csv
has out "2人を登録しました" "says so"
eq "$("$CNAP" user list --db t.db --json | jq -c '[.[] | select(.login == "sato" or .login == "suzuki") | [.login, .role, .association, .wgs, .email]]')" \
	'[["sato","reviewer",null,["denshi"],"sato@example.jp"],["suzuki","association","bearing",[],null]]' \
	"with role, association, WGs and e-mail"
eq "$(audit_count t.db)" "$((before_audit + 2))" "one audit record per user"
eq "$("$CNAP" audit list --db t.db --json | jq -r '[.[] | select(.action == "user.add")] | .[-1].after.login')" \
	"suzuki" "audited as user.add"
expect 0 "a CP932 file (as Excel saves CSV) is imported" -- user import --db t.db --file sjis.csv --json
eq "$(jq -c '[.written, .created, [.users[].login], .users[0].name]' out)" '[true,2,["tanaka","yamada"],"田中 次郎"]' \
	"--json: written, with the users"

# Every problem of every row at once, and nothing written.
cat >bad.csv <<CSV
$header,備考
sato,佐藤,WG委員,,denshi,,
new1,,WG委員,,,new1@@example.jp,
new2,新二,管理者,,,,
new3,新三,業界団体,nosuch,,,
new3,新三,WG委員,,nowg,,
new4,新四,業界団体,,,new4@example,
new5,新五,事務局,bearing,denshi,new5 @example.jp,
"ba d",新六,事務局,,,,
CSV
before_users=$(users)
before_audit=$(audit_count t.db)
expect 4 "a file with problems is refused" -- user import --db t.db --file bad.csv
for want in \
	"1行目 備考: 列「備考」は使えません" \
	"2行目 ログインID: ログインID「sato」は既に登録されています" \
	"3行目 氏名: 氏名が空です" \
	"3行目 WG: WG委員には担当WG（コード）が必要です" \
	"3行目 メールアドレス: メールアドレスに「@」が2つ以上あります" \
	"4行目 役割: 役割「管理者」は不明です" \
	"5行目 業界団体: 業界団体「nosuch」は登録されていません" \
	"6行目 ログインID: ログインID「new3」が5行目と重複しています" \
	"6行目 WG: WG「nowg」は令和5年度にありません" \
	"7行目 業界団体: 役割が業界団体のユーザーには業界団体（コード）が必要です" \
	"7行目 メールアドレス: メールアドレスの「@」の後がドメイン名になっていません" \
	"8行目 業界団体: 業界団体を指定できるのは役割が業界団体のユーザーだけです" \
	"8行目 WG: 担当WGを指定できるのはWG委員だけです" \
	"8行目 メールアドレス: メールアドレスに空白や制御文字は使えません" \
	"9行目 ログインID: ログインID「ba d」に使えない文字があります"; do
	has err "$want" "names it: $want"
done
has err "15件の問題があります。何も登録していません" "counts them and says nothing was added"
eq "$(users)" "$before_users" "no user added"
eq "$(audit_count t.db)" "$before_audit" "no audit record"
expect 4 "--dry-run lists the same problems" -- user import --db t.db --file bad.csv --dry-run
has err "9行目 ログインID" "down to the last line"
expect 4 "--json lists them too" -- user import --db t.db --file bad.csv --json
eq "$(jq -c '[.written, (.problems | length), .problems[1]]' out)" \
	'[false,15,{"line":2,"column":"ログインID","message":"ログインID「sato」は既に登録されています"}]' \
	"each with line, column and message"

printf '%s\n"x,y\n' "$header" >quote.csv
expect 4 "an unclosed quote" -- user import --db t.db --file quote.csv
has err "引用符" "is named"
printf 'ログインID,役割\nx,事務局\n' >nocol.csv
expect 4 "a missing column" -- user import --db t.db --file nocol.csv
has err "見出し行に列「氏名」がありません" "is named"
printf '%s\n' "$header" >empty.csv
expect 4 "a header without users" -- user import --db t.db --file empty.csv
has err "見出し行の後にユーザーの行がありません" "says so"
printf '\377\376l\000o\000' >utf16.csv
expect 4 "a UTF-16 file" -- user import --db t.db --file utf16.csv
has err "UTF-16" "says what it is"
expect 3 "a cycle that does not exist" -- user import --db t.db --file bom.csv --cycle 2030
has err "2030年度は登録されていません" "says so"
expect 3 "a file that does not exist" -- user import --db t.db --file nosuch.csv
expect 6 "a reviewer may not import" -- user import --db t.db --file bom.csv --as morioka
expect 6 "an association may not import" -- user import --db t.db --file bom.csv --as bearing-staff
eq "$(users)" "$before_users" "after all of that, no user added"
eq "$(audit_count t.db)" "$before_audit" "and no audit record"

# cnap user edit and deactivation.
expect 4 "an invalid e-mail" -- user edit --db t.db --login sato --email "sato＠example.jp"
has err "--email: メールアドレスに「@」がありません" "is named by its option, in Japanese"
expect 0 "a new e-mail" -- user edit --db t.db --login sato --email sato@example.org
eq "$("$CNAP" user list --db t.db --json | jq -r '.[] | select(.login == "sato") | .email')" "sato@example.org" "is saved"
expect 4 "an association user without association" -- user edit --db t.db --login sato --role association
has err "所属団体が必要です" "is refused"
expect 0 "a reviewer becomes an association user" -- user edit --db t.db --login sato --role association --association bearing
eq "$("$CNAP" user list --db t.db --json | jq -c '.[] | select(.login == "sato") | [.role, .association, .wgs]')" \
	'["association","bearing",[]]' "with the association, and without WGs"
expect 0 "and back, with WGs" -- user edit --db t.db --login sato --role reviewer --wg denshi
eq "$("$CNAP" user list --db t.db --json | jq -c '.[] | select(.login == "sato") | [.role, .association, .wgs]')" \
	'["reviewer",null,["denshi"]]' "the association goes with the role"
expect 3 "an unknown WG" -- user edit --db t.db --login sato --wg nowg
expect 3 "an unknown user" -- user edit --db t.db --login nobody --name x
expect 6 "a reviewer may not edit users" -- user edit --db t.db --login sato --name x --as morioka
expect 5 "the secretariat cannot deactivate itself" -- user edit --db t.db --login jimukyoku --deactivate --as jimukyoku
has err "自分自身のアカウントは無効化できません" "says so"
expect 2 "--deactivate and --activate together" -- user edit --db t.db --login sato --deactivate --activate

echo "deactivate-pass-1" | "$CNAP" user passwd --db t.db --login morioka >/dev/null
token=$("$CNAP" user token --db t.db --login morioka)
serve_start t.db srv
a="http://127.0.0.1:$port"
eq "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$a/api/account")" "200" "the token works"
csrf=$(curl -s -c jar "$a/login" | sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p')
eq "$(curl -s -b jar -c jar -o /dev/null -w '%{http_code}' -d "_csrf=$csrf&login=morioka&password=deactivate-pass-1" "$a/login")" \
	"303" "the password logs in"
eq "$(curl -s -b jar -o /dev/null -w '%{http_code}' "$a/account")" "200" "and the session works"
expect 0 "deactivate" -- user edit --db t.db --login morioka --deactivate
eq "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$a/api/account")" "401" \
	"the deactivated user's token no longer works"
eq "$(curl -s -b jar -o /dev/null -w '%{http_code}' "$a/account")" "303" "their session has ended"
csrf=$(curl -s -c jar2 "$a/login" | sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p')
eq "$(curl -s -b jar2 -c jar2 -o /dev/null -w '%{http_code}' -d "_csrf=$csrf&login=morioka&password=deactivate-pass-1" "$a/login")" \
	"401" "they cannot log in"
expect 6 "nor be acted as with --as" -- question list --db t.db --cycle 2023 --as morioka
has err "無効化されています" "which says why"
expect 0 "cnap user list shows it" -- user list --db t.db
has out "無効" "as 無効"
eq "$("$CNAP" user token-list --db t.db --login morioka --json | jq length)" "0" "deactivating ended their tokens"
eq "$("$CNAP" audit list --db t.db --json | jq -r '[.[] | select(.action == "user.update")] | .[-1].after.active')" \
	"0" "audited as user.update with the state after"
expect 0 "reactivate" -- user edit --db t.db --login morioka --activate
csrf=$(curl -s -c jar3 "$a/login" | sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p')
eq "$(curl -s -b jar3 -c jar3 -o /dev/null -w '%{http_code}' -d "_csrf=$csrf&login=morioka&password=deactivate-pass-1" "$a/login")" \
	"303" "reactivated, they log in again"
expect 0 "user add takes --email" -- user add --db t.db --login kimura --role secretariat --email kimura@example.jp --no-password
eq "$("$CNAP" user list --db t.db --json | jq -r '.[] | select(.login == "kimura") | .email')" "kimura@example.jp" "and keeps it"
expect 4 "and checks it" -- user add --db t.db --login kimura2 --role secretariat --email "kimura" --no-password
has err "--email: メールアドレスに「@」がありません" "in Japanese"

# Associations in bulk.
assocs() { "$CNAP" association list --db t.db --json | jq -c '[.[].code]'; }
printf '\357\273\277コード,名称,業種\r\nnihon-gomu,日本ゴム工業会,ゴム業界\r\nshindo,日本伸銅協会,\r\n' >assoc.csv
printf 'コード,名称,業種\r\nkagaku,日本化学工業協会,化学業界\r\n' | iconv -f UTF-8 -t CP932 >assoc-sjis.csv
cat >assoc-bad.csv <<CSV
コード,名称,業種,所在地
bearing,重複,ベアリング業界,
nihon-gomu,日本ゴム工業会,,
nihon-gomu,二重,,
ｂａ ｄ,,,
CSV
before_assocs=$(assocs)
before_audit=$(audit_count t.db)
expect 4 "associations with problems are refused" -- association import --db t.db --file assoc-bad.csv
for want in \
	"1行目 所在地: 列「所在地」は使えません（使える列：コード、名称、業種）" \
	"2行目 コード: コード「bearing」は既に登録されています（日本ベアリング工業会）" \
	"4行目 コード: コード「nihon-gomu」が3行目と重複しています" \
	"5行目 コード: コード「ba d」に使えない文字があります" \
	"5行目 名称: 名称が空です" \
	"5件の問題があります。何も登録していません"; do
	has err "$want" "names it: $want"
done
eq "$(assocs)" "$before_assocs" "no association added"
eq "$(audit_count t.db)" "$before_audit" "no audit record"
expect 0 "--dry-run of good associations" -- association import --db t.db --file assoc.csv --dry-run
has out "2団体を登録できます。まだ何も登録していません" "says so"
eq "$(assocs)" "$before_assocs" "and adds none"
expect 0 "good associations (UTF-8 with a BOM) are imported" -- association import --db t.db --file assoc.csv
expect 0 "and from CP932" -- association import --db t.db --file assoc-sjis.csv --json
eq "$(jq -c '[.written, .created, .associations[0]]' out)" '[true,1,{"line":2,"code":"kagaku","name":"日本化学工業協会","industry":"化学業界"}]' "--json says what it added"
eq "$("$CNAP" association list --db t.db --json | jq -c '[.[] | select(.code == "nihon-gomu" or .code == "kagaku") | [.code, .name, .industry]]')" \
	'[["kagaku","日本化学工業協会","化学業界"],["nihon-gomu","日本ゴム工業会","ゴム業界"]]' "with name and 業種"
eq "$(audit_count t.db)" "$((before_audit + 3))" "one audit record per association"
expect 6 "a reviewer may not import associations" -- association import --db t.db --file assoc.csv --as morioka
finish
