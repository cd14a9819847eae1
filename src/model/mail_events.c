/*
 * The events cnap writes a message for: their names, their Japanese labels,
 * the placeholders each one's template may use, and the shipped defaults
 * (templates/mail/<name>.txt, embedded by tools/embed.sh).
 */
#include "base/compat.h"
#include "base/embedded.h"
#include "model/mail_template.h"

#include <pthread.h>
#include <string.h>

extern const struct cnap_embedded cnap_mail_defaults[];

static const char *const event_names[CNAP_MAIL_EV_COUNT] = {
	"question_sent", "question_submitted", "answer_submitted", "answer_returned", "answer_accepted",
	"reminder",      "overdue",            "digest",           "test",
};
static const char *const event_labels[CNAP_MAIL_EV_COUNT] = {
	"質問の送付（団体あて）",
	"質問の提出（事務局あて）",
	"回答の提出（事務局あて）",
	"回答の差戻し（団体あて）",
	"回答の確定（質問した委員あて）",
	"回答期限のお知らせ（団体あて）",
	"回答期限の超過（団体あて）",
	"お知らせのまとめ（1日1回）",
	"メール送信の確認（テスト送信）",
};

const char *cnap_mail_event_name(enum cnap_mail_event e)
{
	return (unsigned)e < CNAP_MAIL_EV_COUNT ? event_names[e] : NULL;
}

const char *cnap_mail_event_label_ja(enum cnap_mail_event e)
{
	return (unsigned)e < CNAP_MAIL_EV_COUNT ? event_labels[e] : NULL;
}

bool cnap_mail_event_parse(const char *name, enum cnap_mail_event *out)
{
	if (!name)
		return false;
	for (int e = 0; e < CNAP_MAIL_EV_COUNT; e++)
		if (strcmp(name, event_names[e]) == 0) {
			*out = (enum cnap_mail_event)e;
			return true;
		}
	return false;
}

/*
 * Each placeholder once, as an initializer: an event's table is an array of
 * them, since the editor gets one array per event. Samples are made up (the
 * sample data's WG and association) and hold no brace, so a preview shows
 * what the template itself leaves behind.
 */
#define PH_RECIPIENT { "宛先名", "メールを受け取る人の氏名", "森岡 遥", false }
#define PH_YEAR { "年度", "フォローアップの年度", "令和6年度", false }
#define PH_LINK \
	{ "リンク", "対象のページのアドレス（ログインしてから、そのページが開きます）", "https://cnap.example.org/q/42", false }
#define PH_SYSTEM { "システム名", "このシステムの名称", "カーボンニュートラル行動計画フォローアップ", false }
#define PH_WG { "WG名", "質問したワーキンググループ", "電子・電機・産業機械等WG", false }
#define PH_ASSOCIATION { "団体名", "質問を受けた業界団体", "日本産業機械工業会", false }
#define PH_NUMBER { "質問番号", "団体あての質問の番号", "No.3", false }
#define PH_ITEM { "項目", "質問した調査票の項目（章と番号つき）", "Ⅱ．（５）2023年度の取組実績", false }
#define PH_QUESTION                                                                                          \
	{ "質問", "質問の本文",                                                                              \
	  "2023年度のCO2排出量が前年度より増えた要因を、生産活動量の変化と省エネ対策の効果に分けてご説明ください。\n" \
	  "あわせて、2030年度目標の達成に向けた今後の対策をお示しください。",                                  \
	  true }
#define PH_DEADLINE { "回答期限", "回答の期限（期限がなければ「なし」）", "2026年12月4日（金）", false }
#define PH_RETURN_REASON                                                                                \
	{ "差戻し理由", "事務局が回答を差し戻した理由",                                                  \
	  "増えた分と減った分の内訳を、生産活動量の変化と対策の効果に分けて数値でお示しください。", true }
#define PH_ANSWER                                                                                  \
	{ "回答", "団体の回答の本文",                                                               \
	  "2023年度は受注の回復により生産額が前年度比4.1%増え、CO2排出量も増加しました。\n"           \
	  "一方、コンプレッサの更新と照明のLED化により、約1.2万t-CO2を削減しています。", true }
#define PH_DAYS_LEFT { "残り日数", "回答期限までの日数（「あと2日」、当日は「本日」）", "あと2日", false }
#define PH_DAYS_OVER { "超過日数", "回答期限を過ぎた日数", "3日", false }
#define PH_COUNT { "件数", "まとめたお知らせの件数", "2", false }
#define PH_LIST                                                                                        \
	{ "一覧", "その日のお知らせ（1件ずつ、内容とリンク）",                                         \
	  "■ 事前質問が届きました（No.3、回答期限：2026年12月4日（金））\n"                              \
	  "日本産業機械工業会　Ⅱ．（５）2023年度の取組実績\n"                                            \
	  "https://cnap.example.org/q/42\n"                                                               \
	  "\n"                                                                                           \
	  "■ 回答期限のお知らせ（No.1、回答期限：2026年12月1日（火）・本日）\n"                           \
	  "日本産業機械工業会　Ⅱ．（２）2030年度の目標達成の蓋然性\n"                                     \
	  "https://cnap.example.org/q/40",                                                               \
	  true }

/* The question's own, in the order the editor lists them (the common ones around them). */
#define PH_QUESTION_HEAD PH_RECIPIENT, PH_ASSOCIATION, PH_WG, PH_NUMBER, PH_ITEM, PH_QUESTION, PH_DEADLINE
#define PH_COMMON_TAIL PH_LINK, PH_YEAR, PH_SYSTEM

static const struct cnap_mail_placeholder ph_question[] = { PH_QUESTION_HEAD, PH_COMMON_TAIL };
static const struct cnap_mail_placeholder ph_answer[] = { PH_QUESTION_HEAD, PH_ANSWER, PH_COMMON_TAIL };
static const struct cnap_mail_placeholder ph_returned[] = { PH_QUESTION_HEAD, PH_RETURN_REASON, PH_COMMON_TAIL };
static const struct cnap_mail_placeholder ph_reminder[] = { PH_QUESTION_HEAD, PH_DAYS_LEFT, PH_COMMON_TAIL };
static const struct cnap_mail_placeholder ph_overdue[] = { PH_QUESTION_HEAD, PH_DAYS_OVER, PH_COMMON_TAIL };
static const struct cnap_mail_placeholder ph_digest[] = { PH_RECIPIENT, PH_COUNT, PH_LIST, PH_COMMON_TAIL };
static const struct cnap_mail_placeholder ph_test[] = { PH_RECIPIENT, PH_COMMON_TAIL };

static const struct {
	const struct cnap_mail_placeholder *v;
	size_t n;
} event_placeholders[CNAP_MAIL_EV_COUNT] = {
	[CNAP_MAIL_EV_QUESTION_SENT] = { ph_question, CNAP_ARRAY_LEN(ph_question) },
	[CNAP_MAIL_EV_QUESTION_SUBMITTED] = { ph_question, CNAP_ARRAY_LEN(ph_question) },
	[CNAP_MAIL_EV_ANSWER_SUBMITTED] = { ph_answer, CNAP_ARRAY_LEN(ph_answer) },
	[CNAP_MAIL_EV_ANSWER_RETURNED] = { ph_returned, CNAP_ARRAY_LEN(ph_returned) },
	[CNAP_MAIL_EV_ANSWER_ACCEPTED] = { ph_answer, CNAP_ARRAY_LEN(ph_answer) },
	[CNAP_MAIL_EV_REMINDER] = { ph_reminder, CNAP_ARRAY_LEN(ph_reminder) },
	[CNAP_MAIL_EV_OVERDUE] = { ph_overdue, CNAP_ARRAY_LEN(ph_overdue) },
	[CNAP_MAIL_EV_DIGEST] = { ph_digest, CNAP_ARRAY_LEN(ph_digest) },
	[CNAP_MAIL_EV_TEST] = { ph_test, CNAP_ARRAY_LEN(ph_test) },
};

const struct cnap_mail_placeholder *cnap_mail_event_placeholders(enum cnap_mail_event e, size_t *n)
{
	if ((unsigned)e >= CNAP_MAIL_EV_COUNT) {
		*n = 0;
		return NULL;
	}
	*n = event_placeholders[e].n;
	return event_placeholders[e].v;
}

/*
 * The defaults' subjects need a NUL where the file has a line feed, so they
 * are copied out once (the first call, whichever thread makes it); bodies are
 * the rest of the embedded file, which ends with a NUL of its own.
 */
#define SUBJECT_PREFIX "件名："
#define SUBJECT_MAX_BYTES (CNAP_MAIL_SUBJECT_MAX_CHARS * 4)

static char default_subjects[CNAP_MAIL_EV_COUNT][SUBJECT_MAX_BYTES + 1];
static const char *default_bodies[CNAP_MAIL_EV_COUNT];
static pthread_once_t defaults_once = PTHREAD_ONCE_INIT;

/* A file out of shape leaves its event's subject and body empty: the unit test checks every default. */
static void split_default(enum cnap_mail_event e, const char *text)
{
	default_bodies[e] = "";
	size_t prefix = strlen(SUBJECT_PREFIX);
	if (strncmp(text, SUBJECT_PREFIX, prefix) != 0)
		return;
	const char *subject = text + prefix, *eol = strchr(subject, '\n');
	if (!eol || eol[1] != '\n' || (size_t)(eol - subject) > SUBJECT_MAX_BYTES)
		return;
	memcpy(default_subjects[e], subject, (size_t)(eol - subject));
	default_subjects[e][eol - subject] = '\0';
	default_bodies[e] = eol + 2;
}

static void split_defaults(void)
{
	for (int e = 0; e < CNAP_MAIL_EV_COUNT; e++) {
		default_bodies[e] = "";
		char file[64];
		snprintf(file, sizeof(file), "%s.txt", event_names[e]);
		for (size_t i = 0; cnap_mail_defaults[i].name; i++)
			if (strcmp(cnap_mail_defaults[i].name, file) == 0)
				split_default((enum cnap_mail_event)e, (const char *)cnap_mail_defaults[i].data);
	}
}

void cnap_mail_template_default(enum cnap_mail_event e, const char **subject, const char **body)
{
	if ((unsigned)e >= CNAP_MAIL_EV_COUNT) {
		*subject = *body = "";
		return;
	}
	pthread_once(&defaults_once, split_defaults);
	*subject = default_subjects[e];
	*body = default_bodies[e];
}
