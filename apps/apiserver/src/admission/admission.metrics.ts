/**
 * The admission metrics kube-apiserver exports, so its dashboards and alerts carry over:
 * per plugin `apiserver_admission_controller_admission_duration_seconds{name,operation,rejected,type}`
 * and per phase `apiserver_admission_step_admission_duration_seconds{operation,rejected,type}`
 * (type `admit` for the mutating phase, `validate` for the validating one).
 */
import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@orchestra/observability';
import { Histogram, Registry } from 'prom-client';
import type { AdmissionOperation } from './admission.types';

/** Kubernetes' buckets for both histograms. */
const buckets = [0.005, 0.025, 0.1, 0.5, 1.0, 2.5];

export type AdmissionPhase = 'admit' | 'validate';

@Injectable()
export class AdmissionMetrics {
  private readonly plugin: Histogram<'name' | 'operation' | 'rejected' | 'type'>;
  private readonly step: Histogram<'operation' | 'rejected' | 'type'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.plugin = new Histogram({
      name: 'apiserver_admission_controller_admission_duration_seconds',
      help: 'Admission controller latency histogram in seconds, identified by name and broken out for each operation and API resource and type (validate or admit).',
      labelNames: ['name', 'operation', 'rejected', 'type'],
      buckets,
      registers: [registry],
    });
    this.step = new Histogram({
      name: 'apiserver_admission_step_admission_duration_seconds',
      help: 'Admission sub-step latency histogram in seconds, broken out for each operation and API resource and step type (validate or admit).',
      labelNames: ['operation', 'rejected', 'type'],
      buckets,
      registers: [registry],
    });
  }

  observePlugin(
    name: string,
    operation: AdmissionOperation,
    type: AdmissionPhase,
    rejected: boolean,
    seconds: number,
  ): void {
    this.plugin.observe({ name, operation, type, rejected: String(rejected) }, seconds);
  }

  observeStep(operation: AdmissionOperation, type: AdmissionPhase, rejected: boolean, seconds: number): void {
    this.step.observe({ operation, type, rejected: String(rejected) }, seconds);
  }
}
