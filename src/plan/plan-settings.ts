import type { Problem } from '../errors.js';
import type { LineOverride } from './paas-charm-line.js';

/** Settings that shape the plan but are not mounted inputs. */
export interface PlanSettings {
  readonly appDir: string;
  /** why this app folder, for `check` (default: the working directory) */
  readonly appDirFrom?: string;
  /** no app folder was found: what was looked for (a problem only when there is a project) */
  readonly appDirProblem?: Problem;
  /** the command after `--`, when given */
  readonly command?: readonly string[];
  /** `--base-url`; else http://<app>.<model>:<port> with a model (namespace), else http://localhost:<port> */
  readonly baseUrl?: string;
  readonly model?: string;
  /** `--process NAME=CMD` */
  readonly processes?: readonly (readonly [string, string])[];
  /** `--unit-id`, or the StatefulSet ordinal of the pod name: schedulers run on unit 0 only */
  readonly unitId?: number;
  /** `--port`: the port the app listens on, above paas-config.yaml's and the options */
  readonly port?: number;
  /** `--paas-charm-line` or PAAS_INIT_PAAS_CHARM_LINE, over what the project's base says */
  readonly paasCharmLine?: LineOverride;
  /** where `run` may write files the app reads (FastAPI's JSON logging config, Spring Boot's SAML certificate) */
  readonly stateDir?: string;
  /**
   * What the app folder must be: `app`, it exists and, for the framework's own command, holds an
   * app (run, env, check); `exists` (migrate, exec, action: they run other commands there);
   * unset, not checked (sidecar: its container has no app).
   */
  readonly checkAppDir?: 'app' | 'exists';
}
