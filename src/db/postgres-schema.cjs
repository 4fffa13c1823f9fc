// drizzle-kit finds tables among a schema module's own exports: this module
// exports each derived PostgreSQL table under its name (postgres-tables.ts).
module.exports = require('./postgres-tables.ts').postgresTables;
