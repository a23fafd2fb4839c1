SELECT '?1', "?2" FROM t WHERE a = ?1 AND b = ?12 -- ?3
/* ?4 */ AND c = E'\'?5'