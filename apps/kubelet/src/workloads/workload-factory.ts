/** Picks the program a container runs from its image (and, for public images, its command). */
import type { ContainerConfig } from '../runtime/container-runtime';
import type { CatalogueEntry } from '../runtime/image-catalogue';
import { BatchWorkload } from './batch.workload';
import { CpuBurnerWorkload } from './cpu-burner.workload';
import { CrashloopWorkload } from './crashloop.workload';
import { GenericWorkload } from './generic.workload';
import { MemoryHogWorkload } from './memory-hog.workload';
import { parseScript, scriptOf, isShellProcess } from './shell-script';
import { ShellWorkload } from './shell.workload';
import { WebWorkload } from './web.workload';
import type { Workload } from './workload';

export function createWorkload(image: CatalogueEntry, config: ContainerConfig): Workload {
  switch (image.workload) {
    case 'web':
      return new WebWorkload();
    case 'crashloop':
      return new CrashloopWorkload();
    case 'memory-hog':
      return new MemoryHogWorkload();
    case 'cpu-burner':
      return new CpuBurnerWorkload();
    case 'batch':
      return new BatchWorkload();
    case 'generic':
      return genericWorkload(image, config);
  }
}

function genericWorkload(image: CatalogueEntry, config: ContainerConfig): Workload {
  // command replaces the image's ENTRYPOINT, args its CMD; these images have no ENTRYPOINT that matters here.
  const argv = [...(config.command ?? []), ...(config.args ?? [])];
  if (argv.length === 0) return new GenericWorkload(image.interactive ? 'interactive' : 'server');
  const script = scriptOf(argv);
  const steps = script === undefined ? undefined : parseScript(script);
  if (steps) return new ShellWorkload(steps);
  return new GenericWorkload(isShellProcess(argv) ? 'shell-loop' : 'server');
}
