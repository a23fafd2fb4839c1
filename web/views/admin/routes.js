// routes.js: the school admin's pages (the app builds its menu from these).
const A = ['school_admin'];

export default [
  { path: '#/admin/people', label: 'admin.nav.people', roles: A, load: () => import('./people.js') },
  { path: '#/admin/import', label: 'admin.nav.import', roles: A, load: () => import('./import.js') },
  { path: '#/admin/calendar', label: 'admin.nav.calendar', roles: A, load: () => import('./calendar.js') },
  { path: '#/admin/timetable', label: 'admin.nav.timetable', roles: A, load: () => import('./timetable.js') },
];
