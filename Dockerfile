# rollscope image: TypeScript run through tsx (no build step), Node 20.
FROM node:20-bookworm-slim
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ curl && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY schema ./schema
COPY drizzle ./drizzle
COPY workers ./workers
COPY tsconfig.json ./
ENV NODE_ENV=production
EXPOSE 4000
ENTRYPOINT ["node", "bin/rollscope.mjs"]
CMD ["start"]
