/* places.c: names and kinds of the demo region's districts and schools */
#include "core/common.h"
#include "demo/places.h"

const struct places_district places_districts[] = {
	{ "Демо қаласы", "city" },
	{ "Ақбұлақ ауданы", "district" },
	{ "Көктерек ауданы", "district" },
	{ "Сарыөзек ауданы", "district" },
};
const int places_ndistricts = (int)ARRAY_SIZE(places_districts);

enum { NUMBER = 1, VILLAGE = 2, BOTH = 3 };

/*
** fmt takes the school's number (%d), its village (%s) or both (village
** first);
** small rural schools (шағын жинақты мектеп, малокомплектная школа)
** have one small class per grade and often no broadband.
*/
static const struct {
	struct places_school s;
	const char *fmt;
	int takes;              /* NUMBER, VILLAGE or both, in that order */
	int number, village;
} templates[] = {
	{ { 0, "general", true, true, "mixed", 3, 11, 20, 30, 900 },
	  "№ %d жалпы білім беретін мектеп", NUMBER, 12, 0 },
	{ { 0, "gymnasium", true, true, "kk", 2, 11, 20, 30, 700 },
	  "№ %d Абай атындағы мектеп-гимназия", NUMBER, 5, 0 },
	{ { 0, "lyceum", true, true, "ru", 2, 11, 20, 30, 650 },
	  "Лицей № %d имени Ы. Алтынсарина", NUMBER, 3, 0 },
	{ { 0, "general", true, true, "ru", 2, 11, 20, 30, 600 },
	  "Средняя школа № %d", NUMBER, 27, 0 },
	{ { 1, "general", false, true, "kk", 1, 11, 20, 25, 320 },
	  "%s ауылының жалпы білім беретін мектебі", VILLAGE, 0, 0 },
	{ { 1, "small", false, false, "kk", 1, 9, 5, 12, 120 },
	  "%s ауылының шағын жинақты мектебі", VILLAGE, 0, 1 },
	{ { 2, "general", true, true, "mixed", 2, 11, 20, 28, 550 },
	  "Көктерек қаласының № %d орта мектебі", NUMBER, 1, 0 },
	{ { 2, "small", false, false, "ru", 1, 9, 5, 12, 120 },
	  "Малокомплектная школа села %s", VILLAGE, 0, 0 },
	{ { 3, "general", false, true, "kk", 1, 11, 20, 25, 320 },
	  "%s ауылының № %d орта мектебі", BOTH, 2, 2 },
	{ { 3, "small", false, true, "kk", 1, 9, 5, 12, 120 },
	  "%s ауылының шағын жинақты мектебі", VILLAGE, 0, 3 },
};

static const char *const kk_villages[] = {
	"Ақбұлақ", "Қайнар", "Сарыөзек", "Жаңаталап",
	"Береке", "Ақсай", "Талдыбұлақ", "Бірлік", "Қарабұлақ", "Көкжиек",
	"Шұғыла", "Ынтымақ", "Сарыжар", "Жаңаауыл", "Тасқала",
};

static const char *const ru_villages[] = {
	"Берёзовка", "Степное", "Заречное", "Садовое", "Новоалексеевка",
	"Красный Яр", "Озёрное", "Луговое", "Павловка", "Троицкое",
	"Михайловка", "Петровка", "Ивановка", "Александровка", "Николаевка",
	"Вишнёвка", "Покровка", "Знаменка",
};

/* Past the list, Kazakh place names of the common pattern Ақ+су. */
static const char *const kk_first[] = { "Ақ", "Қара", "Көк", "Жаңа",
	"Сары", "Қызыл", "Алтын", "Кең" };
static const char *const kk_second[] = { "бұлақ", "су", "тау", "жол",
	"өзек", "төбе", "жар", "қайнар" };

static void
kk_village(int i, char *buf, size_t cap)
{
	int n = (int)ARRAY_SIZE(kk_villages);
	int nc = (int)(ARRAY_SIZE(kk_first) * ARRAY_SIZE(kk_second));

	if (i < n) {
		snprintf(buf, cap, "%s", kk_villages[i]);
		return;
	}
	/* the i-th combination not in the list already */
	for (int j = 0;; j++) {
		bool listed = false;

		snprintf(buf, cap, "%s%s",
			kk_first[j % nc / (int)ARRAY_SIZE(kk_second)],
			kk_second[j % (int)ARRAY_SIZE(kk_second)]);
		for (int k = 0; k < n; k++)
			if (strcmp(buf, kk_villages[k]) == 0)
				listed = true;
		if (!listed && i-- == n)
			return;
	}
}

void
places_school(int i, struct places_school *out, char *name, size_t cap)
{
	int t = i % (int)ARRAY_SIZE(templates);
	int round = i / (int)ARRAY_SIZE(templates);
	const char *fmt = templates[t].fmt;
	char village[64];
	int number = templates[t].number;

	/* four templates take Kazakh villages, one a Russian one */
	*out = templates[t].s;
	if (strcmp(out->language, "ru") == 0)
		snprintf(village, sizeof(village), "%s", ru_villages[(round +
			templates[t].village) % (int)ARRAY_SIZE(ru_villages)]);
	else
		kk_village(templates[t].village + round * 4, village,
			sizeof(village));
	number += round * 17;
	if (templates[t].takes == BOTH)
		snprintf(name, cap, fmt, village, number);
	else if (templates[t].takes == NUMBER)
		snprintf(name, cap, fmt, number);
	else
		snprintf(name, cap, fmt, village);
}
