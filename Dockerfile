# syntax=docker/dockerfile:1
# The Lethe image: one image for every part that runs as a process.
#   docker run … lethe                       -> `lethe worker` (the default command)
#   docker run … lethe codec-server          -> the codec server the Web UI calls
#   docker run … lethe simulator liveperson  -> a platform simulator (also genesys, chatbot)
# The image runs the compiled JavaScript (dist/, built in the first stage); the worker bundles its workflows
# from dist/workflows when it starts. No TypeScript and no tsx at run time.

# glibc (bookworm), not Alpine: @duckdb/node-api and the Temporal core bridge ship prebuilt glibc binaries.
# The lockfile holds every platform's optional binaries, so the image builds for linux/amd64 and
# linux/arm64 alike: docker buildx build --platform linux/amd64,linux/arm64 -t lethe .
ARG NODE_IMAGE=node:24-bookworm-slim

# The compiled code is the same on every platform: build it once, on the builder's own platform.
FROM --platform=$BUILDPLATFORM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.sh ./scripts/build.sh
COPY src ./src
RUN bash scripts/build.sh

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Exactly the locked versions, without dev tools (TypeScript, tsx, tests, lint, the browser driver).
# Install scripts stay on: @swc/core (the workflow bundler) checks its native binary in one.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
# The worker's health server: /readyz is 200 while it polls its task queue, 503 otherwise (starting,
# Temporal unreachable, draining); /healthz is liveness only. HEALTHCHECK below asks /readyz.
ENV NODE_ENV=production \
    LETHE_HEALTH_ADDRESS=0.0.0.0:8090
WORKDIR /app
# Owned by root and read-only to the process: the app user cannot rewrite its own code.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY bin ./bin
COPY --from=build /app/dist ./dist
# The node image's unprivileged user (uid 1000).
USER node
# 8090 worker health, 9464 worker metrics (LETHE_METRICS_ADDRESS), 8888 codec server.
EXPOSE 8090 9464 8888
# Healthy = polling: asks the worker's /readyz (slim has no curl). The worker bundles its workflows
# at start, hence the start period. The other commands get their own check in docker-compose.yml.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD ["node", "-e", "const a=process.env.LETHE_HEALTH_ADDRESS||'';if(!a)process.exit(1);const p=a.slice(a.lastIndexOf(':')+1);fetch('http://127.0.0.1:'+p+'/readyz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))"]
# Exec form, no shell in between: SIGTERM reaches node, and the worker drains (LETHE_SHUTDOWN_GRACE_MS).
ENTRYPOINT ["node", "bin/lethe.js"]
CMD ["worker"]
