-- 0001_init.sql: accounts, roles, sessions and the school structure
-- Portable SQL: runs on SQLite and PostgreSQL. {{ID}} is the one dialect
-- token (an auto-numbered 64-bit primary key), replaced by the store.
-- Dates are TEXT 'YYYY-MM-DD'; instants are BIGINT Unix seconds (UTC).

CREATE TABLE meta (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE regions (
	id {{ID}},
	name TEXT NOT NULL UNIQUE
);

CREATE TABLE districts (
	id {{ID}},
	region_id BIGINT NOT NULL REFERENCES regions(id),
	name TEXT NOT NULL,
	kind TEXT NOT NULL DEFAULT 'district'
		CHECK (kind IN ('district', 'city')),
	UNIQUE (region_id, name)
);

CREATE TABLE schools (
	id {{ID}},
	district_id BIGINT NOT NULL REFERENCES districts(id),
	name TEXT NOT NULL,
	kind TEXT NOT NULL DEFAULT 'general'
		CHECK (kind IN ('general', 'gymnasium', 'lyceum', 'small',
			'specialized')),
	urban INTEGER NOT NULL DEFAULT 1 CHECK (urban IN (0, 1)),
	language TEXT NOT NULL DEFAULT 'kk'
		CHECK (language IN ('kk', 'ru', 'mixed')),
	broadband INTEGER NOT NULL DEFAULT 1 CHECK (broadband IN (0, 1)),
	timezone TEXT NOT NULL DEFAULT 'Asia/Almaty',
	capacity INTEGER
);
CREATE INDEX schools_district ON schools(district_id);

-- A national school year has school_id NULL; a school may override it.
CREATE TABLE school_years (
	id {{ID}},
	school_id BIGINT REFERENCES schools(id),
	year INTEGER NOT NULL,
	starts TEXT NOT NULL,
	ends TEXT NOT NULL
);
CREATE INDEX school_years_year ON school_years(year, school_id);

CREATE TABLE quarters (
	year_id BIGINT NOT NULL REFERENCES school_years(id) ON DELETE CASCADE,
	n INTEGER NOT NULL CHECK (n BETWEEN 1 AND 4),
	starts TEXT NOT NULL,
	ends TEXT NOT NULL,
	PRIMARY KEY (year_id, n)
);

CREATE TABLE holidays (
	id {{ID}},
	year_id BIGINT NOT NULL REFERENCES school_years(id) ON DELETE CASCADE,
	starts TEXT NOT NULL,
	ends TEXT NOT NULL,
	name TEXT NOT NULL
);
CREATE INDEX holidays_year ON holidays(year_id);

CREATE TABLE people (
	id {{ID}},
	full_name TEXT NOT NULL,
	iin TEXT UNIQUE,
	login TEXT UNIQUE,
	pw_hash TEXT,
	lang TEXT NOT NULL DEFAULT 'kk' CHECK (lang IN ('kk', 'ru', 'en')),
	birth_date TEXT,
	created_at BIGINT NOT NULL
);

-- Staff roles with their scope. Pupils and parents are not rows here:
-- a pupil is a row of pupils, a parent has rows in parent_links.
CREATE TABLE roles (
	id {{ID}},
	person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	role TEXT NOT NULL CHECK (role IN ('ministry', 'region', 'district',
		'school_admin', 'teacher')),
	region_id BIGINT REFERENCES regions(id),
	district_id BIGINT REFERENCES districts(id),
	school_id BIGINT REFERENCES schools(id)
);
CREATE INDEX roles_person ON roles(person_id);
CREATE INDEX roles_school ON roles(school_id, role);

CREATE TABLE classes (
	id {{ID}},
	school_id BIGINT NOT NULL REFERENCES schools(id),
	year INTEGER NOT NULL,
	grade INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 11),
	letter TEXT NOT NULL,
	language TEXT NOT NULL DEFAULT 'kk'
		CHECK (language IN ('kk', 'ru', 'mixed')),
	shift INTEGER NOT NULL DEFAULT 1 CHECK (shift BETWEEN 1 AND 3),
	class_teacher_id BIGINT REFERENCES people(id),
	UNIQUE (school_id, year, grade, letter)
);

CREATE TABLE pupils (
	person_id BIGINT PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
	class_id BIGINT NOT NULL REFERENCES classes(id)
);
CREATE INDEX pupils_class ON pupils(class_id);

CREATE TABLE subgroups (
	id {{ID}},
	class_id BIGINT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	kind TEXT NOT NULL DEFAULT 'split'
		CHECK (kind IN ('split', 'duty', 'remote'))
);
CREATE INDEX subgroups_class ON subgroups(class_id);

CREATE TABLE subgroup_members (
	subgroup_id BIGINT NOT NULL REFERENCES subgroups(id) ON DELETE CASCADE,
	pupil_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	PRIMARY KEY (subgroup_id, pupil_id)
);

CREATE TABLE parent_links (
	parent_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	pupil_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	PRIMARY KEY (parent_id, pupil_id)
);
CREATE INDEX parent_links_pupil ON parent_links(pupil_id);

CREATE TABLE subjects (
	id {{ID}},
	code TEXT NOT NULL UNIQUE,
	name_kk TEXT NOT NULL,
	name_ru TEXT NOT NULL,
	name_en TEXT NOT NULL
);

CREATE TABLE courses (
	id {{ID}},
	class_id BIGINT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
	subject_id BIGINT NOT NULL REFERENCES subjects(id),
	teacher_id BIGINT REFERENCES people(id),
	subgroup_id BIGINT REFERENCES subgroups(id),
	hours_per_week INTEGER NOT NULL DEFAULT 1
		CHECK (hours_per_week BETWEEN 1 AND 10)
);
CREATE INDEX courses_class ON courses(class_id);
CREATE INDEX courses_teacher ON courses(teacher_id);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	csrf TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_person ON sessions(person_id);

-- Failed logins per key ('login:NAME' or 'addr:IP') in a fixed window.
CREATE TABLE login_failures (
	key TEXT PRIMARY KEY,
	window_start BIGINT NOT NULL,
	count INTEGER NOT NULL
);
