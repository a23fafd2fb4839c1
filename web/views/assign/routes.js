// routes.js: assignments and hand-ins (docs/ASSIGNMENTS.md). The teacher
// has a page of their own in the menu; pupils and parents reach their
// work from the homework page (views/homework.js), which lists it.
const T = ['teacher'];

export default [
  { path: '#/teacher/assign', label: 'assign.nav', roles: T, load: () => import('./courses.js') },
  { path: '#/teacher/assign/:course', roles: T, load: () => import('./course.js') },
  { path: '#/teacher/assign/:course/new', roles: T, load: () => import('./new.js') },
  { path: '#/assign/:id', roles: ['teacher', 'pupil', 'parent'], load: () => import('./one.js') },
  { path: '#/handin/:id', roles: T, load: () => import('./handin.js') },
];
