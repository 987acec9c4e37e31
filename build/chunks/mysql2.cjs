// The mysql2 chunk: loaded only when a migration takes a MySQL lock.
module.exports = require('mysql2/promise');
