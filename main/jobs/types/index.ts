// The job types of this release, one row each: a later type adds its module and a row here.

import type { JobType } from '../../../shared/domain';
import { bootBiosType } from './boot-bios';
import { collectInfoType } from './collect-info';
import type { JobTypeModule } from './job-type';
import { powerOffType } from './power-off';
import { powerOnType } from './power-on';
import { restartType } from './restart';
import { storeHostIdType } from './store-host-id';

export const JOB_TYPE_MODULES: Readonly<Record<JobType, JobTypeModule>> = {
  'power-on': powerOnType,
  'power-off': powerOffType,
  restart: restartType,
  'collect-info': collectInfoType,
  'boot-bios': bootBiosType,
  'store-host-id': storeHostIdType,
};

export type { JobTypeModule, JobTypeContext, JobTypeResult, OnceResult } from './job-type';
