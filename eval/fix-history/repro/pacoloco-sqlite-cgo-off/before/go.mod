module example.com/pkgcache

go 1.22

require (
	github.com/mattn/go-sqlite3 v1.14.22 // indirect
	gorm.io/driver/sqlite v1.5.6
)
