package main

import (
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

func openStore(path string) (*gorm.DB, error) {
	return gorm.Open(sqlite.Open(path), &gorm.Config{})
}
