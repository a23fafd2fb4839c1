// routes.js: online tests (docs/DISTANCE.md): the pupil's and parent's
// list and an attempt, the teacher's tests of a course, the builder and
// the results. Every view is loaded when first opened.
const F = ['pupil', 'parent'];
const T = ['teacher'];

export default [
  { path: '#/tests', label: 'quiz.nav.tests', roles: F, load: () => import('./mine.js') },
  { path: '#/tests/attempt/:id', roles: [...F, ...T], load: () => import('./attempt.js') },
  { path: '#/teacher/tests', label: 'quiz.nav.teacher', roles: T, load: () => import('./courses.js') },
  { path: '#/teacher/tests/:course', roles: T, load: () => import('./course.js') },
  { path: '#/teacher/tests/:course/new', roles: T, load: () => import('./build.js') },
  { path: '#/teacher/test/:id', roles: T, load: () => import('./results.js') },
];
