# Builds the whole workspace once, then ships the API (which also serves the editor) and the CLIs.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/worker/package.json apps/worker/
COPY apps/web/package.json apps/web/
COPY libs/domain/package.json libs/domain/
COPY libs/server/package.json libs/server/
COPY libs/sdk/package.json libs/sdk/
COPY migrations/package.json migrations/
RUN npm ci --no-audit --no-fund || npm install --no-audit --no-fund
COPY . .
RUN NX_DAEMON=false NX_NO_CLOUD=true npx nx run-many -t build -p @stepline/api @stepline/web

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
RUN npm prune --omit=dev --no-audit --no-fund
USER node
EXPOSE 3000
CMD ["node", "--max-semi-space-size=64", "apps/api/dist/main.js"]
