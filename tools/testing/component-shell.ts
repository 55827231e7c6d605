/**
 * Shared checks for a component that only boots so far: it logs its start line as JSON, answers
 * the health endpoints and exports metrics with its component label.
 */
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

export function describeComponentShell(options: {
  name: string;
  component: string;
  module: () => DynamicModule;
  startLine: string;
  startFields?: Record<string, unknown>;
}): void {
  describe(options.name, () => {
    let app: INestApplication;
    let baseUrl: string;
    const lines: Record<string, unknown>[] = [];

    beforeAll(async () => {
      const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
        lines.push(JSON.parse(String(chunk)));
        return true;
      });
      try {
        app = await NestFactory.create(options.module(), { logger: false });
        await app.listen(0, '127.0.0.1');
      } finally {
        write.mockRestore();
      }
      baseUrl = await app.getUrl();
    });

    afterAll(() => app.close());

    it('says at start what it does', () => {
      const started = lines.find((line) => line.message === options.startLine);
      expect(started).toMatchObject({ level: 'info', component: options.component, ...options.startFields });
    });

    it('answers /healthz, /livez and /readyz', async () => {
      for (const path of ['/healthz', '/livez', '/readyz']) {
        const res = await fetch(baseUrl + path);
        expect([path, res.status, await res.text()]).toEqual([path, 200, 'ok']);
      }
    });

    it(`exports process metrics labelled ${options.component} on /metrics`, async () => {
      const body = await (await fetch(`${baseUrl}/metrics`)).text();
      expect(body).toMatch(
        new RegExp(`^process_cpu_user_seconds_total\\{component="${options.component}"\\} `, 'm'),
      );
    });
  });
}
