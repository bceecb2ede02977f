import type { ModuleDefinition } from '../module.js';
import { aptModule } from './apt.js';
import { aptRepositoryModule } from './apt-repository.js';
import { deb822RepositoryModule } from './deb822-repository.js';
import { dpkgSelectionsModule } from './dpkg-selections.js';
import { groupModule } from './group.js';
import { hostnameModule } from './hostname.js';
import { modprobeModule } from './modprobe.js';
import { mountModule } from './mount.js';
import { serviceModule } from './service.js';
import { sysctlModule } from './sysctl.js';
import { systemdModule } from './systemd.js';
import { uriModule } from './uri.js';
import { userModule } from './user.js';
import { waitForModule } from './wait-for.js';

// biome-ignore lint/suspicious/noExplicitAny: each module has its own parameter type
export const systemModules: ModuleDefinition<any>[] = [
  aptModule,
  aptRepositoryModule,
  deb822RepositoryModule,
  dpkgSelectionsModule,
  systemdModule,
  serviceModule,
  sysctlModule,
  modprobeModule,
  mountModule,
  userModule,
  groupModule,
  hostnameModule,
  waitForModule,
  uriModule,
];
