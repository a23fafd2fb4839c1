/* topics.c: lesson topics, homework and summative titles for the demo */
#include "core/common.h"
#include "demo/journal.h"

/*
** Ten topics per subject (and grade band where the subject changes with
** it), in Kazakh and Russian. Language lessons are written in the
** language taught, whatever the class's: Kazakh as a second language in
** Kazakh, English in English. The n-th lesson takes a topic in turn,
** two lessons a topic for subjects of 3 hours a week or more (the
** second one "consolidation"), starting at a point that depends on the
** grade so that neighbouring grades differ.
*/
#define TOPICS_N 10

struct topic_list {
	int subject;
	int lo, hi;                             /* grades */
	const char *const *kk, *const *ru;      /* TOPICS_N each */
};

static const char *const literacy_kk[TOPICS_N] = {
	"Дыбыс және әріп", "Дауысты дыбыстар", "Дауыссыз дыбыстар",
	"Буын", "Сөз және сөйлем", "А а дыбысы мен әрпі",
	"Н н дыбысы мен әрпі", "Т т дыбысы мен әрпі", "Ә ә дыбысы мен әрпі",
	"Бас әріп",
};
static const char *const literacy_ru[TOPICS_N] = {
	"Звуки и буквы", "Гласные звуки", "Согласные звуки", "Слог",
	"Слово и предложение", "Звук и буква А", "Звук и буква Н",
	"Звук и буква Т", "Звук и буква О", "Заглавная буква",
};
static const char *const reading_kk[TOPICS_N] = {
	"Ы. Алтынсарин «Өрмекші, құмырсқа, қарлығаш»", "Ертегілер әлемі",
	"Абай өлеңдері", "Күз туралы өлеңдер", "Мақал-мәтелдер",
	"Жұмбақтар", "Батырлар жыры", "Халық ауыз әдебиеті",
	"Туған жер туралы шығармалар", "С. Мұқанов «Менің мектебім»",
};
static const char *const reading_ru[TOPICS_N] = {
	"Л. Толстой «Акула»", "Русские народные сказки",
	"А. Пушкин «Сказка о рыбаке и рыбке»", "Стихи об осени",
	"Пословицы и поговорки", "Загадки", "К. Ушинский «Четыре желания»",
	"Н. Носов «Живая шляпа»", "Басни И. Крылова",
	"Произведения о Родине",
};
static const char *const kazakh[TOPICS_N] = {
	"Зат есім", "Сын есім", "Сан есім", "Етістік", "Есімдік", "Үстеу",
	"Сөз құрамы", "Сөйлем мүшелері", "Құрмалас сөйлем",
	"Септік жалғаулары",
};
static const char *const kazakh_lit[TOPICS_N] = {
	"Абай Құнанбайұлы. Қара сөздер", "М. Әуезов «Көксерек»",
	"Ы. Алтынсарин «Кел, балалар, оқылық»",
	"Ш. Құдайбердіұлы өлеңдері", "М. Жұмабаев «Батыр Баян»",
	"Қ. Мырзалиев өлеңдері", "«Қыз Жібек» жыры", "«Ер Тарғын» жыры",
	"Б. Момышұлы «Ұшқан ұя»", "Ж. Аймауытов «Ақбілек»",
};
static const char *const russian[TOPICS_N] = {
	"Имя существительное", "Имя прилагательное", "Глагол",
	"Местоимение", "Наречие", "Состав слова",
	"Правописание безударных гласных", "Члены предложения",
	"Сложное предложение", "Причастный оборот",
};
static const char *const russian_lit[TOPICS_N] = {
	"А. С. Пушкин «Капитанская дочка»", "М. Ю. Лермонтов «Мцыри»",
	"Н. В. Гоголь «Ревизор»", "И. С. Тургенев «Муму»",
	"Л. Н. Толстой «После бала»", "А. П. Чехов «Хамелеон»",
	"М. Горький «Детство»", "Ф. М. Достоевский «Преступление и "
	"наказание»", "М. А. Шолохов «Судьба человека»",
	"Поэзия Серебряного века",
};
static const char *const kazakh_l2[TOPICS_N] = {
	"Менің отбасым", "Менің мектебім", "Жыл мезгілдері",
	"Қазақстан — менің Отаным", "Салт-дәстүрлер", "Ас мәзірі",
	"Саяхат", "Кәсіптер әлемі", "Денсаулық — зор байлық",
	"Табиғатты қорғау",
};
static const char *const russian_l2[TOPICS_N] = {
	"Моя семья", "Моя школа", "Времена года",
	"Казахстан — моя Родина", "Традиции и обычаи", "В магазине",
	"Путешествие", "Мир профессий", "Здоровый образ жизни",
	"Охрана природы",
};
static const char *const english[TOPICS_N] = {
	"My family", "My school day", "Food and drinks",
	"Hobbies and free time", "Present Simple and Present Continuous",
	"Past Simple", "Travelling", "Kazakhstan: my country",
	"The weather", "Future forms",
};
static const char *const math1_kk[TOPICS_N] = {
	"1-ден 10-ға дейінгі сандар", "Қосу және азайту",
	"Ондықтар мен бірліктер", "Көбейту кестесі", "Бөлу",
	"Үлестер мен бөлшектер", "Ұзындық өлшем бірліктері",
	"Геометриялық фигуралар", "Есептер шығару", "Көп таңбалы сандар",
};
static const char *const math1_ru[TOPICS_N] = {
	"Числа от 1 до 10", "Сложение и вычитание", "Десятки и единицы",
	"Таблица умножения", "Деление", "Доли и дроби", "Единицы длины",
	"Геометрические фигуры", "Решение задач", "Многозначные числа",
};
static const char *const math5_kk[TOPICS_N] = {
	"Натурал сандар", "Бөлшектерді қосу", "Бөлшектерді азайту",
	"Ондық бөлшектер", "Пайыздар", "Қатынас және пропорция",
	"Рационал сандар", "Координаталық түзу", "Теңдеулер",
	"Шеңбер және дөңгелек",
};
static const char *const math5_ru[TOPICS_N] = {
	"Натуральные числа", "Сложение дробей", "Вычитание дробей",
	"Десятичные дроби", "Проценты", "Отношения и пропорции",
	"Рациональные числа", "Координатная прямая", "Уравнения",
	"Окружность и круг",
};
static const char *const algebra_kk[TOPICS_N] = {
	"Сызықтық теңдеулер", "Квадрат теңдеулер", "Виет теоремасы",
	"Квадрат түбір", "Дәреже және оның қасиеттері", "Көпмүшелер",
	"Функция және оның графигі", "Теңсіздіктер",
	"Арифметикалық прогрессия", "Тригонометриялық функциялар",
};
static const char *const algebra_ru[TOPICS_N] = {
	"Линейные уравнения", "Квадратные уравнения", "Теорема Виета",
	"Квадратный корень", "Степень и её свойства", "Многочлены",
	"Функция и её график", "Неравенства", "Арифметическая прогрессия",
	"Тригонометрические функции",
};
static const char *const geometry_kk[TOPICS_N] = {
	"Үшбұрыштар", "Үшбұрыштар теңдігінің белгілері",
	"Параллель түзулер", "Төртбұрыштар", "Пифагор теоремасы",
	"Ұқсас үшбұрыштар", "Шеңбер", "Векторлар",
	"Көпбұрыштың ауданы", "Кеңістіктегі түзулер мен жазықтықтар",
};
static const char *const geometry_ru[TOPICS_N] = {
	"Треугольники", "Признаки равенства треугольников",
	"Параллельные прямые", "Четырёхугольники", "Теорема Пифагора",
	"Подобные треугольники", "Окружность", "Векторы",
	"Площадь многоугольника", "Прямые и плоскости в пространстве",
};
static const char *const informatics_kk[TOPICS_N] = {
	"Компьютердің құрылғылары", "Ақпарат және оны өлшеу",
	"Файлдар мен қалталар", "Мәтіндік редактор",
	"Электрондық кестелер", "Алгоритмдер",
	"Python тіліндегі айнымалылар", "Циклдар", "Компьютерлік желілер",
	"Ақпараттық қауіпсіздік",
};
static const char *const informatics_ru[TOPICS_N] = {
	"Устройства компьютера", "Информация и её измерение",
	"Файлы и папки", "Текстовый редактор", "Электронные таблицы",
	"Алгоритмы", "Переменные в Python", "Циклы", "Компьютерные сети",
	"Информационная безопасность",
};
static const char *const science_kk[TOPICS_N] = {
	"Тірі және өлі табиғат", "Өсімдіктер", "Жануарлар",
	"Су және оның қасиеттері", "Ауа", "Топырақ", "Күн жүйесі",
	"Адам денесі", "Жыл мезгілдері", "Табиғатты қорғау",
};
static const char *const science_ru[TOPICS_N] = {
	"Живая и неживая природа", "Растения", "Животные",
	"Вода и её свойства", "Воздух", "Почва", "Солнечная система",
	"Тело человека", "Времена года", "Охрана природы",
};
static const char *const world_kk[TOPICS_N] = {
	"Менің отбасым", "Менің мектебім", "Туған өлкем",
	"Қазақстан Республикасы", "Мемлекеттік рәміздер", "Жол ережелері",
	"Салауатты өмір салты", "Мамандықтар", "Ұлттық мерекелер",
	"Менің досым",
};
static const char *const world_ru[TOPICS_N] = {
	"Моя семья", "Моя школа", "Родной край", "Республика Казахстан",
	"Государственные символы", "Правила дорожного движения",
	"Здоровый образ жизни", "Профессии", "Национальные праздники",
	"Мой друг",
};
static const char *const physics_kk[TOPICS_N] = {
	"Механикалық қозғалыс", "Жылдамдық", "Ньютон заңдары", "Қысым",
	"Архимед күші", "Жұмыс және қуат", "Жылу құбылыстары",
	"Электр тогы", "Ом заңы", "Жарық құбылыстары",
};
static const char *const physics_ru[TOPICS_N] = {
	"Механическое движение", "Скорость", "Законы Ньютона", "Давление",
	"Сила Архимеда", "Работа и мощность", "Тепловые явления",
	"Электрический ток", "Закон Ома", "Световые явления",
};
static const char *const chemistry_kk[TOPICS_N] = {
	"Заттар және олардың қасиеттері", "Атом құрылысы",
	"Менделеевтің периодтық жүйесі", "Химиялық байланыс",
	"Валенттілік", "Химиялық реакциялар", "Оксидтер", "Қышқылдар",
	"Негіздер", "Тұздар",
};
static const char *const chemistry_ru[TOPICS_N] = {
	"Вещества и их свойства", "Строение атома",
	"Периодическая система Менделеева", "Химическая связь",
	"Валентность", "Химические реакции", "Оксиды", "Кислоты",
	"Основания", "Соли",
};
static const char *const biology_kk[TOPICS_N] = {
	"Жасуша құрылысы", "Өсімдіктер дүниесі", "Жануарлар дүниесі",
	"Фотосинтез", "Тыныс алу", "Зат алмасу", "Адамның қан айналымы",
	"Жүйке жүйесі", "Тұқым қуалаушылық", "Экожүйелер",
};
static const char *const biology_ru[TOPICS_N] = {
	"Строение клетки", "Мир растений", "Мир животных", "Фотосинтез",
	"Дыхание", "Обмен веществ", "Кровообращение человека",
	"Нервная система", "Наследственность", "Экосистемы",
};
static const char *const geography_kk[TOPICS_N] = {
	"Географиялық карта", "Жер бедері", "Литосфера", "Атмосфера",
	"Гидросфера", "Қазақстанның климаты",
	"Қазақстанның өзендері мен көлдері", "Халық географиясы",
	"Табиғи ресурстар", "Дүниежүзі елдері",
};
static const char *const geography_ru[TOPICS_N] = {
	"Географическая карта", "Рельеф Земли", "Литосфера", "Атмосфера",
	"Гидросфера", "Климат Казахстана", "Реки и озёра Казахстана",
	"География населения", "Природные ресурсы", "Страны мира",
};
static const char *const history_kz_kk[TOPICS_N] = {
	"Қазақстан жеріндегі ежелгі адамдар", "Сақтар", "Ғұндар",
	"Түрік қағанаты", "Алтын Орда", "Қазақ хандығының құрылуы",
	"Әз Тәуке хан", "Жоңғар шапқыншылығы", "Абылай хан",
	"Қазақстан тәуелсіздігі",
};
static const char *const history_kz_ru[TOPICS_N] = {
	"Древние люди на территории Казахстана", "Саки", "Гунны",
	"Тюркский каганат", "Золотая Орда",
	"Образование Казахского ханства", "Тауке хан",
	"Джунгарское нашествие", "Абылай хан", "Независимость Казахстана",
};
static const char *const history_world_kk[TOPICS_N] = {
	"Ежелгі Египет", "Ежелгі Греция", "Ежелгі Рим",
	"Орта ғасырлардағы Еуропа", "Ұлы географиялық ашылулар",
	"Қайта өрлеу дәуірі", "Француз революциясы",
	"Өнеркәсіптік төңкеріс", "Бірінші дүниежүзілік соғыс",
	"Екінші дүниежүзілік соғыс",
};
static const char *const history_world_ru[TOPICS_N] = {
	"Древний Египет", "Древняя Греция", "Древний Рим",
	"Средневековая Европа", "Великие географические открытия",
	"Эпоха Возрождения", "Французская революция",
	"Промышленный переворот", "Первая мировая война",
	"Вторая мировая война",
};
static const char *const law_kk[TOPICS_N] = {
	"Құқық және мемлекет", "Қазақстан Республикасының Конституциясы",
	"Адам құқықтары", "Азаматтық құқық", "Отбасы құқығы",
	"Еңбек құқығы", "Әкімшілік құқық бұзушылық",
	"Қылмыстық жауапкершілік", "Сот жүйесі", "Баланың құқықтары",
};
static const char *const law_ru[TOPICS_N] = {
	"Право и государство", "Конституция Республики Казахстан",
	"Права человека", "Гражданское право", "Семейное право",
	"Трудовое право", "Административные правонарушения",
	"Уголовная ответственность", "Судебная система", "Права ребёнка",
};
static const char *const self_kk[TOPICS_N] = {
	"Мейірімділік", "Достық", "Адалдық", "Сүйіспеншілік",
	"Шыдамдылық", "Ата-анаға құрмет", "Ішкі әлем",
	"Табиғатқа қамқорлық", "Жауапкершілік", "Шынайылық",
};
static const char *const self_ru[TOPICS_N] = {
	"Доброта", "Дружба", "Честность", "Любовь", "Терпение",
	"Уважение к родителям", "Внутренний мир", "Забота о природе",
	"Ответственность", "Искренность",
};
static const char *const art_kk[TOPICS_N] = {
	"Қазақ ою-өрнегі", "Табиғат бейнесі", "Натюрморт", "Портрет",
	"Пейзаж", "Қағаздан құрастыру", "Кесте тігу",
	"Ағаштан бұйым жасау", "Сәндік-қолданбалы өнер", "Жобамен жұмыс",
};
static const char *const art_ru[TOPICS_N] = {
	"Казахский орнамент", "Образ природы", "Натюрморт", "Портрет",
	"Пейзаж", "Конструирование из бумаги", "Вышивка",
	"Изделия из дерева", "Декоративно-прикладное искусство",
	"Работа над проектом",
};
static const char *const music_kk[TOPICS_N] = {
	"Күй өнері", "Құрманғазы күйлері", "Домбыра", "Ән және би",
	"Қазақ халық әндері", "Музыкалық аспаптар", "Ырғақ", "Әуен",
	"Хормен ән айту", "Әлем халықтарының музыкасы",
};
static const char *const music_ru[TOPICS_N] = {
	"Искусство кюя", "Кюи Курмангазы", "Домбра", "Песня и танец",
	"Казахские народные песни", "Музыкальные инструменты", "Ритм",
	"Мелодия", "Хоровое пение", "Музыка народов мира",
};
static const char *const pe_kk[TOPICS_N] = {
	"Жеңіл атлетика: жүгіру", "Ұзындыққа секіру", "Волейбол",
	"Баскетбол", "Футбол", "Гимнастика", "Ұлттық ойындар: асық ату",
	"Қимылды ойындар", "Шаңғы дайындығы", "Тоғызқұмалақ",
};
static const char *const pe_ru[TOPICS_N] = {
	"Лёгкая атлетика: бег", "Прыжки в длину", "Волейбол", "Баскетбол",
	"Футбол", "Гимнастика", "Национальные игры: асык ату",
	"Подвижные игры", "Лыжная подготовка", "Тогызкумалак",
};
static const char *const military_kk[TOPICS_N] = {
	"Қазақстан Республикасының Қарулы Күштері", "Әскери ант",
	"Саптық дайындық", "Азаматтық қорғаныс",
	"Алғашқы медициналық көмек", "Атыс дайындығы",
	"Топография негіздері", "Төтенше жағдайлар", "Әскери қызмет",
	"Отанды қорғау — азаматтық борыш",
};
static const char *const military_ru[TOPICS_N] = {
	"Вооружённые силы Республики Казахстан", "Военная присяга",
	"Строевая подготовка", "Гражданская оборона",
	"Первая медицинская помощь", "Огневая подготовка",
	"Основы топографии", "Чрезвычайные ситуации", "Воинская служба",
	"Защита Отечества — долг гражданина",
};

static const struct topic_list lists[] = {
	{ SUBJ_LITERACY, 0, 11, literacy_kk, literacy_ru },
	{ SUBJ_READING, 0, 11, reading_kk, reading_ru },
	{ SUBJ_KAZAKH, 0, 11, kazakh, kazakh },
	{ SUBJ_KAZAKH_LIT, 0, 11, kazakh_lit, kazakh_lit },
	{ SUBJ_RUSSIAN, 0, 11, russian, russian },
	{ SUBJ_RUSSIAN_LIT, 0, 11, russian_lit, russian_lit },
	{ SUBJ_KAZAKH_L2, 0, 11, kazakh_l2, kazakh_l2 },
	{ SUBJ_RUSSIAN_L2, 0, 11, russian_l2, russian_l2 },
	{ SUBJ_ENGLISH, 0, 11, english, english },
	{ SUBJ_MATH, 0, 4, math1_kk, math1_ru },
	{ SUBJ_MATH, 5, 11, math5_kk, math5_ru },
	{ SUBJ_ALGEBRA, 0, 11, algebra_kk, algebra_ru },
	{ SUBJ_GEOMETRY, 0, 11, geometry_kk, geometry_ru },
	{ SUBJ_INFORMATICS, 0, 11, informatics_kk, informatics_ru },
	{ SUBJ_SCIENCE, 0, 11, science_kk, science_ru },
	{ SUBJ_WORLD, 0, 11, world_kk, world_ru },
	{ SUBJ_PHYSICS, 0, 11, physics_kk, physics_ru },
	{ SUBJ_CHEMISTRY, 0, 11, chemistry_kk, chemistry_ru },
	{ SUBJ_BIOLOGY, 0, 11, biology_kk, biology_ru },
	{ SUBJ_GEOGRAPHY, 0, 11, geography_kk, geography_ru },
	{ SUBJ_HISTORY_KZ, 0, 11, history_kz_kk, history_kz_ru },
	{ SUBJ_HISTORY_WORLD, 0, 11, history_world_kk, history_world_ru },
	{ SUBJ_LAW, 0, 11, law_kk, law_ru },
	{ SUBJ_SELF, 0, 11, self_kk, self_ru },
	{ SUBJ_ART, 0, 11, art_kk, art_ru },
	{ SUBJ_MUSIC, 0, 11, music_kk, music_ru },
	{ SUBJ_PE, 0, 11, pe_kk, pe_ru },
	{ SUBJ_MILITARY, 0, 11, military_kk, military_ru },
};

static const struct topic_list *
find_list(int subject, int grade)
{
	for (size_t i = 0; i < ARRAY_SIZE(lists); i++)
		if (lists[i].subject == subject && grade >= lists[i].lo &&
		    grade <= lists[i].hi)
			return &lists[i];
	return NULL;
}

/* Lessons per topic: two for subjects of 3 hours a week or more. */
static int
per_topic(int hours)
{
	return hours >= 3 ? 2 : 1;
}

void
topics_topic(int subject, int grade, bool ru, int hours, int n, char *buf,
	size_t cap)
{
	const struct topic_list *l = find_list(subject, grade);
	int per = per_topic(hours), k = n / per;
	const char *t;

	if (l == NULL) {
		snprintf(buf, cap, ru ? "Урок %d" : "%d-сабақ", n + 1);
		return;
	}
	t = (ru ? l->ru : l->kk)[(grade * 3 + k) % TOPICS_N];
	if (per > 1 && n % per == 1)
		snprintf(buf, cap, ru ? "%s. Закрепление" : "%s. Бекіту", t);
	else
		snprintf(buf, cap, "%s", t);
}

enum hw_kind { HW_NONE, HW_LANGUAGE, HW_READING, HW_MATH, HW_OTHER };

static enum hw_kind
hw_kind(int subject)
{
	switch (subject) {
	case SUBJ_KAZAKH:
	case SUBJ_RUSSIAN:
	case SUBJ_KAZAKH_L2:
	case SUBJ_RUSSIAN_L2:
	case SUBJ_ENGLISH:
	case SUBJ_LITERACY:
		return HW_LANGUAGE;
	case SUBJ_READING:
	case SUBJ_KAZAKH_LIT:
	case SUBJ_RUSSIAN_LIT:
		return HW_READING;
	case SUBJ_MATH:
	case SUBJ_ALGEBRA:
	case SUBJ_GEOMETRY:
		return HW_MATH;
	case SUBJ_ART:
	case SUBJ_MUSIC:
	case SUBJ_PE:
	case SUBJ_SELF:
	case SUBJ_MILITARY:
		return HW_NONE;
	default:
		return HW_OTHER;
	}
}

/*
** Homework on 19 lessons in 20 of the subjects that set it: none in PE,
** music, art, self-knowledge and military training, and none at all in
** grade 1 (the rules give first-graders no homework). The paragraph
** follows the topic.
*/
bool
topics_homework(int subject, int grade, bool ru, int hours, int n,
	struct rng *r, char *buf, size_t cap)
{
	enum hw_kind kind = hw_kind(subject);
	int para = n / per_topic(hours) + 1, a, b;

	if (kind == HW_NONE || grade < 2 || !rng_pct(r, 95))
		return false;
	a = rng_range(r, 1, 12);
	b = a + rng_range(r, 1, 4);
	switch (kind) {
	case HW_LANGUAGE:
		if (ru)
			snprintf(buf, cap, "§%d, упр. %d-%d", para, a, b);
		else
			snprintf(buf, cap, "§%d, %d-%d жаттығулар", para, a,
				b);
		break;
	case HW_READING:
		a = 10 + 4 * para;
		if (ru)
			snprintf(buf, cap, "Прочитать с. %d-%d, ответить на "
				"вопросы", a, a + rng_range(r, 3, 8));
		else
			snprintf(buf, cap, "%d-%d беттерді оқу, сұрақтарға "
				"жауап беру", a, a + rng_range(r, 3, 8));
		break;
	case HW_MATH:
		a = 20 * para + rng_range(r, 0, 15);
		snprintf(buf, cap, "§%d, № %d, %d, %d", para, a, a + 2,
			a + rng_range(r, 3, 6));
		break;
	default:
		if (ru)
			snprintf(buf, cap, "§%d, вопросы %d-%d", para, a, b);
		else
			snprintf(buf, cap, "§%d, %d-%d сұрақтар", para, a, b);
		break;
	}
	return true;
}

void
topics_summative(bool ru, int quarter, int k, char *buf, size_t cap)
{
	if (k == 0)
		snprintf(buf, cap, ru ? "Суммативное оценивание за %d "
			"четверть (СОЧ)" : "%d-тоқсан бойынша жиынтық "
			"бағалау (ТЖБ)", quarter);
	else
		snprintf(buf, cap, ru ? "Суммативное оценивание за раздел "
			"(СОР) №%d" : "Бөлім бойынша жиынтық бағалау (БЖБ) "
			"№%d", k);
}
