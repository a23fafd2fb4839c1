/* names.h: Kazakh and Russian first names, patronymics, surnames */
#ifndef MK_DEMO_NAMES_H
#define MK_DEMO_NAMES_H

struct rng;

/*
** Full names are written "First Patronymic Surname", as in "Әлия
** Серікқызы Нұрланова" or "Иван Петрович Смирнов". Names are drawn from
** lists by generation (names popular with today's parents and teachers,
** and with children born in the 2010s). A family shares a surname (in
** its male and female form) and the children's patronymic comes from
** the father's first name, so every name is a small index, not a string.
*/
enum names_eth { ETH_KZ = 0, ETH_RU = 1 };

#define NAMES_MAX 64            /* bytes for any one part, with the NUL */

struct names_surname {
	int eth;
	int idx;
	int style;              /* ETH_KZ: 0 -ов/-ева, 1 -ұлы/-қызы */
};

/* A first name; child picks from the names given in the 2010s. */
const char *names_first(struct rng *r, int eth, bool female, bool child);

/* A man's first name as an index into the fathers' list of eth. */
int names_father(struct rng *r, int eth);
const char *names_father_name(int eth, int father);

/* The patronymic from a father's name: Серікұлы, Петровна. */
void names_patronymic(int eth, int father, bool female, char *buf,
	size_t cap);

struct names_surname names_surname(struct rng *r, int eth);
/* The surname's form for a man or a woman into buf. */
void names_surname_form(struct names_surname s, bool female, char *buf,
	size_t cap);

#endif
