# rollscope image, Node 20: the CLI bundled by esbuild (dist/rollscope.mjs, see scripts/build.mjs).
FROM node:20-bookworm-slim
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ curl && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm install --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY schema ./schema
COPY drizzle ./drizzle
COPY workers ./workers
COPY tsconfig.json ./
RUN node scripts/build.mjs
ENV NODE_ENV=production
EXPOSE 4000
ENTRYPOINT ["node", "bin/rollscope.mjs"]
CMD ["start"]
