# syntax=docker/dockerfile:1
# One image for every Orchestra component; ORCHESTRA_APP picks which one a container runs:
#   docker run -e ORCHESTRA_APP=scheduler orchestra
#   docker run orchestra node -r ./tools/register-paths.js dist/apps/kubelet/src/main.js

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Dependencies first: this layer is reused until the lockfile changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/tools/register-paths.js ./tools/
COPY --from=build /app/tools/deploy/healthcheck.js ./tools/deploy/
USER node
# Without a URL, the check finds the port of the app ORCHESTRA_APP names (compose gives each
# service its own URL anyway).
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "tools/deploy/healthcheck.js"]
# exec replaces the shell, so node itself receives SIGTERM from `docker stop` and shuts down cleanly.
# ORCHESTRA_NODE_ARGS: flags for node itself (the kubelets get --optimize-for-size, as `npm start`).
CMD ["sh", "-c", "exec node ${ORCHESTRA_NODE_ARGS:-} -r ./tools/register-paths.js dist/apps/${ORCHESTRA_APP:?set ORCHESTRA_APP to apiserver, scheduler, controller-manager, kubelet, proxy, kube-state-metrics or cluster-dns}/src/main.js"]
