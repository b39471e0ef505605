import { runAsProcess } from '../../ops/process-lifecycle';
import { runSimulator } from '../kit/main';
import { bindHostOf, portOf } from '../runners';
import { runner } from './runner';

/** `npm run simulator*`: this platform's simulator as its own process (see src/simulator/runners.ts). */
runAsProcess(`${runner.name} simulator`, () =>
  runSimulator(runner.name, () => runner.start(portOf(runner), bindHostOf())),
);
