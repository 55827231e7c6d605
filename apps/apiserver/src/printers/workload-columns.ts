/**
 * The `-o wide` columns every workload kind ends with (printers.go printReplicaSet, printJob,
 * printDaemonSet, printCronJob, printDeployment): CONTAINERS and IMAGES of the pod template, then
 * the SELECTOR, whose description is the kind's own.
 */
import { LabelSelector, PodTemplateSpec } from '@orchestra/api';
import { formatLabelSelector } from './label-format';
import { CONTAINERS_COLUMN, containerCells, IMAGES_COLUMN, wide } from './printer';
import { TableCell, TableColumnDefinition } from './table.types';

export const workloadWideColumns = (selectorDescription: string): TableColumnDefinition[] => [
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  wide('Selector', selectorDescription),
];

/**
 * Their cells: container names, images, and the selector, `<none>` when empty
 * (metav1.FormatLabelSelector); a Deployment prints an empty selector as '' (selectorString).
 */
export const workloadWideCells = (
  template: PodTemplateSpec | undefined,
  selector: LabelSelector | undefined,
  formatSelector: (selector: LabelSelector | undefined) => string = formatLabelSelector,
): TableCell[] => [...containerCells(template?.spec?.containers), formatSelector(selector)];
