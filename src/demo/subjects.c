/* subjects.c: subject names and a weekly plan modelled on the standard one */
#include "core/common.h"
#include "demo/subjects.h"

const struct subject_info subjects[SUBJ_N] = {
	[SUBJ_LITERACY] = { "literacy", "Сауат ашу", "Обучение грамоте",
		"Literacy" },
	[SUBJ_READING] = { "reading", "Әдебиеттік оқу",
		"Литературное чтение", "Literary reading" },
	[SUBJ_KAZAKH] = { "kazakh", "Қазақ тілі", "Казахский язык",
		"Kazakh language" },
	[SUBJ_KAZAKH_LIT] = { "kazakh_lit", "Қазақ әдебиеті",
		"Казахская литература", "Kazakh literature" },
	[SUBJ_RUSSIAN] = { "russian", "Орыс тілі", "Русский язык",
		"Russian language" },
	[SUBJ_RUSSIAN_LIT] = { "russian_lit", "Орыс әдебиеті",
		"Русская литература", "Russian literature" },
	[SUBJ_KAZAKH_L2] = { "kazakh_l2", "Қазақ тілі мен әдебиеті",
		"Казахский язык и литература",
		"Kazakh language and literature" },
	[SUBJ_RUSSIAN_L2] = { "russian_l2", "Орыс тілі мен әдебиеті",
		"Русский язык и литература",
		"Russian language and literature" },
	[SUBJ_ENGLISH] = { "english", "Ағылшын тілі", "Английский язык",
		"English" },
	[SUBJ_MATH] = { "math", "Математика", "Математика", "Mathematics" },
	[SUBJ_ALGEBRA] = { "algebra", "Алгебра", "Алгебра", "Algebra" },
	[SUBJ_GEOMETRY] = { "geometry", "Геометрия", "Геометрия",
		"Geometry" },
	[SUBJ_INFORMATICS] = { "informatics", "Информатика", "Информатика",
		"Computer science" },
	[SUBJ_SCIENCE] = { "science", "Жаратылыстану", "Естествознание",
		"Natural science" },
	[SUBJ_WORLD] = { "world", "Дүниетану", "Познание мира",
		"The world around us" },
	[SUBJ_PHYSICS] = { "physics", "Физика", "Физика", "Physics" },
	[SUBJ_CHEMISTRY] = { "chemistry", "Химия", "Химия", "Chemistry" },
	[SUBJ_BIOLOGY] = { "biology", "Биология", "Биология", "Biology" },
	[SUBJ_GEOGRAPHY] = { "geography", "География", "География",
		"Geography" },
	[SUBJ_HISTORY_KZ] = { "history_kz", "Қазақстан тарихы",
		"История Казахстана", "History of Kazakhstan" },
	[SUBJ_HISTORY_WORLD] = { "history_world", "Дүниежүзі тарихы",
		"Всемирная история", "World history" },
	[SUBJ_LAW] = { "law", "Құқық негіздері", "Основы права",
		"Fundamentals of law" },
	[SUBJ_SELF] = { "self_knowledge", "Өзін-өзі тану", "Самопознание",
		"Self-knowledge" },
	[SUBJ_ART] = { "art_labour", "Көркем еңбек", "Художественный труд",
		"Art and crafts" },
	[SUBJ_MUSIC] = { "music", "Музыка", "Музыка", "Music" },
	[SUBJ_PE] = { "pe", "Дене шынықтыру", "Физическая культура",
		"Physical education" },
	[SUBJ_MILITARY] = { "military", "Алғашқы әскери және технологиялық "
		"дайындық", "Начальная военная и технологическая подготовка",
		"Basic military and technological training" },
};

/* Stand-ins resolved by the language of the class. */
enum {
	NATIVE = SUBJ_N,        /* Kazakh or Russian language */
	NATIVE_LIT,             /* its literature */
	SECOND,                 /* the other one, language and literature */
	NATIVE_GRP = GRP_N,     /* the group teaching NATIVE, NATIVE_LIT */
	SECOND_GRP,
};

static const struct {
	int subject, group, lo, hi, hours;
	bool split;
} plan[] = {
	{ SUBJ_LITERACY, GRP_PRIMARY, 1, 1, 6, false },
	{ NATIVE, GRP_PRIMARY, 2, 4, 3, false },
	{ SUBJ_READING, GRP_PRIMARY, 2, 4, 3, false },
	{ NATIVE, NATIVE_GRP, 5, 6, 3, false },
	{ NATIVE, NATIVE_GRP, 7, 9, 2, false },
	{ NATIVE, NATIVE_GRP, 10, 11, 1, false },
	{ NATIVE_LIT, NATIVE_GRP, 5, 9, 2, false },
	{ NATIVE_LIT, NATIVE_GRP, 10, 11, 3, false },
	{ SECOND, SECOND_GRP, 2, 4, 2, true },
	{ SECOND, SECOND_GRP, 5, 9, 3, true },
	{ SECOND, SECOND_GRP, 10, 11, 2, true },
	{ SUBJ_ENGLISH, GRP_ENGLISH, 3, 4, 2, true },
	{ SUBJ_ENGLISH, GRP_ENGLISH, 5, 9, 3, true },
	{ SUBJ_ENGLISH, GRP_ENGLISH, 10, 11, 2, true },
	{ SUBJ_MATH, GRP_PRIMARY, 1, 2, 4, false },
	{ SUBJ_MATH, GRP_PRIMARY, 3, 4, 5, false },
	{ SUBJ_MATH, GRP_MATH, 5, 6, 5, false },
	{ SUBJ_ALGEBRA, GRP_MATH, 7, 11, 3, false },
	{ SUBJ_GEOMETRY, GRP_MATH, 7, 11, 2, false },
	{ SUBJ_INFORMATICS, GRP_INFORMATICS, 3, 9, 1, true },
	{ SUBJ_INFORMATICS, GRP_INFORMATICS, 10, 11, 2, true },
	{ SUBJ_SCIENCE, GRP_PRIMARY, 1, 2, 1, false },
	{ SUBJ_SCIENCE, GRP_PRIMARY, 3, 4, 2, false },
	{ SUBJ_SCIENCE, GRP_BIOLOGY, 5, 6, 2, false },
	{ SUBJ_WORLD, GRP_PRIMARY, 1, 4, 1, false },
	{ SUBJ_PHYSICS, GRP_PHYSICS, 7, 11, 2, false },
	{ SUBJ_CHEMISTRY, GRP_CHEMISTRY, 7, 11, 2, false },
	{ SUBJ_BIOLOGY, GRP_BIOLOGY, 7, 11, 2, false },
	{ SUBJ_GEOGRAPHY, GRP_GEOGRAPHY, 7, 11, 2, false },
	{ SUBJ_HISTORY_KZ, GRP_HISTORY, 5, 6, 1, false },
	{ SUBJ_HISTORY_KZ, GRP_HISTORY, 7, 11, 2, false },
	{ SUBJ_HISTORY_WORLD, GRP_HISTORY, 5, 11, 1, false },
	{ SUBJ_LAW, GRP_HISTORY, 9, 9, 1, false },
	{ SUBJ_SELF, GRP_PRIMARY, 1, 4, 1, false },
	{ SUBJ_SELF, GRP_SELF, 5, 11, 1, false },
	{ SUBJ_ART, GRP_PRIMARY, 1, 1, 2, false },
	{ SUBJ_ART, GRP_PRIMARY, 2, 4, 1, false },
	{ SUBJ_ART, GRP_ART, 5, 8, 2, true },
	{ SUBJ_ART, GRP_ART, 9, 9, 1, true },
	{ SUBJ_MUSIC, GRP_MUSIC, 1, 6, 1, false },
	{ SUBJ_PE, GRP_PE, 1, 11, 3, false },
	{ SUBJ_MILITARY, GRP_MILITARY, 10, 11, 2, false },
};

int
subjects_plan(int grade, bool ru, struct subject_plan *out)
{
	int n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(plan); i++) {
		int s = plan[i].subject, g = plan[i].group;

		if (grade < plan[i].lo || grade > plan[i].hi)
			continue;
		if (n == SUBJECTS_PLAN_MAX)
			BUG("plan of grade %d too long", grade);
		if (s == NATIVE)
			s = ru ? SUBJ_RUSSIAN : SUBJ_KAZAKH;
		else if (s == NATIVE_LIT)
			s = ru ? SUBJ_RUSSIAN_LIT : SUBJ_KAZAKH_LIT;
		else if (s == SECOND)
			s = ru ? SUBJ_KAZAKH_L2 : SUBJ_RUSSIAN_L2;
		if (g == NATIVE_GRP)
			g = ru ? GRP_RUSSIAN : GRP_KAZAKH;
		else if (g == SECOND_GRP)
			g = ru ? GRP_KAZAKH_L2 : GRP_RUSSIAN_L2;
		out[n].subject = (enum subject_id)s;
		out[n].group = (enum subject_group)g;
		out[n].hours = plan[i].hours;
		out[n].split = plan[i].split;
		n++;
	}
	return n;
}

int
subjects_partner(enum subject_group g)
{
	switch (g) {
	case GRP_INFORMATICS:
	case GRP_PHYSICS:
		return GRP_MATH;
	case GRP_CHEMISTRY:
	case GRP_GEOGRAPHY:
		return GRP_BIOLOGY;
	case GRP_MUSIC:
		return GRP_ART;
	case GRP_MILITARY:
		return GRP_PE;
	case GRP_SELF:
		return GRP_HISTORY;
	case GRP_KAZAKH_L2:
		return GRP_KAZAKH;
	case GRP_RUSSIAN_L2:
		return GRP_RUSSIAN;
	default:
		return -1;
	}
}

bool
subjects_group_male(enum subject_group g)
{
	return g == GRP_PE || g == GRP_MILITARY;
}
