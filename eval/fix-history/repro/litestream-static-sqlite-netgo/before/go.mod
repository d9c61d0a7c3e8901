module example.com/replicator

go 1.16

require github.com/mattn/go-sqlite3 v1.14.5
