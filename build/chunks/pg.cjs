// The pg chunk: loaded only when a migration takes a PostgreSQL advisory lock.
module.exports = require('pg');
