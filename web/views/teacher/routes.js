// routes.js: the teacher's pages (the app builds its menu from these).
const T = ['teacher'];

export default [
  { path: '#/teacher/today', label: 'teacher.nav.today', roles: T, load: () => import('./today.js') },
  { path: '#/teacher/journal', label: 'teacher.nav.journal', roles: T, load: () => import('./courses.js') },
  { path: '#/teacher/journal/:course', roles: T, load: () => import('./journal.js') },
];
