// The architecture as a test (npm test runs it): imports point down the pipeline. From the bottom:
//   errors.ts, secrets.ts, version.ts, domain/   nouns, prices and formatting every stage shares
//   suite/                                       the suite file and its vocabulary
//   plan/  compare/                              pure: data in, data out
//   execute/  store/                             IO: the network, user code, the database
//   report/  terminal/                           what people and CI read
//   exit-codes.ts, pipeline/                     the composition root
//   commands/, cli-options.ts, cli.ts, index.ts  the surface
// A change that needs an upward arrow is a design question: move the piece, do not loosen a rule.
const tests = '\\.test(-helpers)?\\.ts$';
const bottom = '^src/(errors|secrets|version)\\.ts$|^src/domain/';
const surface = '^src/(commands|pipeline)/|^src/(cli|cli-options|cli-help|index|exit-codes)\\.ts$';
const io = [
  '^node:(fs|fs/promises|net|http|https|http2|tls|dgram|child_process|worker_threads|cluster)$',
  '^(fs|fs/promises|net|http|https|child_process)$',
  '^better-sqlite3$',
  '^openai',
];

/** `from` may not import `to`; test files may reach anywhere they need (a real server, a real database). */
const forbid = (name, comment, from, to) => ({ name, comment, severity: 'error', from: { path: from, pathNot: tests }, to });

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'files importing each other, directly or round a loop',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    forbid('bottom-imports-no-stage', 'errors, secrets, version and domain/ sit below every stage', bottom, {
      path: '^src/(suite|plan|compare|execute|store|report|terminal|test-server)/|' + surface,
    }),
    forbid('suite-imports-nothing-downstream', 'suite/ is the first stage: it knows no later one', '^src/suite/', {
      path: '^src/(plan|compare|execute|store|report|terminal|test-server)/|' + surface,
    }),
    forbid(
      'plan-and-compare-are-pure',
      'plan/ and compare/ take data and return data: no file system, network, database or IO stage',
      '^src/(plan|compare)/',
      {
        path: ['^src/(execute|store|report|terminal|test-server)/|' + surface, ...io],
      },
    ),
    forbid('plan-and-compare-are-siblings', 'neither pure stage needs the other', '^src/plan/', { path: '^src/compare/' }),
    forbid('compare-and-plan-are-siblings', 'neither pure stage needs the other', '^src/compare/', { path: '^src/plan/' }),
    forbid('store-knows-no-executor', 'store/ keeps what execute/ produced without knowing it, and never renders', '^src/store/', {
      path: '^src/(execute|report|terminal|test-server)/|' + surface,
    }),
    forbid('execute-knows-no-store', 'execute/ sends; the pipeline stores what it returns', '^src/execute/', {
      path: '^src/(store|report|terminal|test-server)/|' + surface,
    }),
    forbid(
      'report-and-terminal-are-apart',
      'reports and the terminal share domain/ formatting, not each other, and never reach the executor',
      '^src/report/',
      {
        path: '^src/(terminal|execute|test-server)/|' + surface,
      },
    ),
    forbid(
      'terminal-and-report-are-apart',
      'reports and the terminal share domain/ formatting, not each other, and never reach the executor',
      '^src/terminal/',
      {
        path: '^src/(report|execute|test-server)/|' + surface,
      },
    ),
    forbid(
      'pipeline-below-the-surface',
      'the composition root is called by commands, never the other way',
      '^src/(pipeline/|exit-codes\\.ts$)',
      { path: '^src/(commands|test-server)/|^src/(cli|cli-options|cli-help|index)\\.ts$' },
    ),
    forbid('commands-below-the-cli', 'commands take parsed options; only cli.ts parses argv', '^src/commands/', {
      path: '^src/test-server/|^src/(cli|cli-options|cli-help|index)\\.ts$',
    }),
    forbid('test-server-stands-alone', 'the test server is a separate program: it shares no code with pinned', '^src/test-server/', {
      path: '^src/(?!test-server/)',
    }),
    forbid('no-test-code-in-the-product', 'shipped code never imports tests or their helpers', '^src/', { path: tests }),
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    moduleSystems: ['es6'],
  },
};
