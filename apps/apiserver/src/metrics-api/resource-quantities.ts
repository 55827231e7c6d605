/** Kubernetes quantities for resource usage, as metrics-server writes them. */

/** CPU in nanocores: `250000000n` is 250m. */
export const cpuQuantity = (nanoCores: number): string => `${Math.max(0, Math.round(nanoCores))}n`;

/** Memory in kibibytes (`12288Ki`), rounded up so a small use never reads as zero. */
export const memoryQuantity = (bytes: number): string => `${Math.max(0, Math.ceil(bytes / 1024))}Ki`;
