/**
 * Modules whose packages need cgo: with cgo off they either compile to a stub that fails at run time,
 * or do not compile at all. Each entry cites the file of the module's own source that shows it (paths
 * inside the module's repository). Keep this list to modules whose Go API is only usable with cgo;
 * modules with an optional cgo accelerator and a pure-Go fallback do not belong here.
 */
export interface CgoModule {
  /** Module path, or the path of one package of a module (`github.com/google/gopacket/pcap`). */
  path: string;
  /**
   * `path` is a package of a larger module whose other packages are pure Go: it matters only when the
   * main module's sources import it (requiring github.com/google/gopacket alone says nothing).
   */
  packageOnly?: boolean;
  /** Another major version of the same module (`/v2`) matches too. */
  majorVersions?: boolean;
  /** Not cgo-only on these GOOS (gopacket/pcap loads wpcap.dll without cgo on Windows). */
  exceptGoos?: string[];
  /** What happens with cgo off. */
  fails: 'run-time-stub' | 'compile';
  /** What the user sees, quoted from the source where possible. */
  symptom: string;
  why: string;
  alternative?: string;
  /** `repository: file` in the module's own source that shows it. */
  citation: string;
}

export const CGO_MODULES: readonly CgoModule[] = [
  {
    path: 'github.com/mattn/go-sqlite3',
    fails: 'run-time-stub',
    symptom: "every sql.Open/query fails at run time with \"Binary was compiled with 'CGO_ENABLED=0', go-sqlite3 requires cgo to work. This is a stub\"",
    why: 'it compiles SQLite\'s C amalgamation; with cgo off only a `!cgo` stub is built',
    alternative: 'modernc.org/sqlite, github.com/ncruces/go-sqlite3 or github.com/glebarez/go-sqlite (pure Go)',
    citation: 'github.com/mattn/go-sqlite3: static_mock.go (build constraint `!cgo`, the stub driver and its error text)',
  },
  {
    // A wrapper: GORM's SQLite dialector registers go-sqlite3's driver itself, so importing it is importing go-sqlite3.
    path: 'gorm.io/driver/sqlite',
    fails: 'run-time-stub',
    symptom: "every gorm.Open with it fails at run time with go-sqlite3's \"Binary was compiled with 'CGO_ENABLED=0', go-sqlite3 requires cgo to work. This is a stub\"",
    why: 'it imports github.com/mattn/go-sqlite3 with no build constraint, which compiles SQLite\'s C amalgamation; with cgo off only its `!cgo` stub is built',
    alternative: 'github.com/glebarez/sqlite (a GORM dialector over a pure-Go SQLite)',
    citation: 'gorm.io/driver/sqlite (github.com/go-gorm/sqlite): sqlite.go (`_ "github.com/mattn/go-sqlite3"`, no build constraint, in every release from v1.0.0 to v1.6.0)',
  },
  {
    // A wrapper: golang-migrate's sqlite3 database driver; its `sqlite` sibling (modernc.org/sqlite) is pure Go.
    path: 'github.com/golang-migrate/migrate/v4/database/sqlite3',
    packageOnly: true,
    fails: 'run-time-stub',
    symptom: "migrations fail at run time: opening the database returns go-sqlite3's \"Binary was compiled with 'CGO_ENABLED=0', go-sqlite3 requires cgo to work. This is a stub\"",
    why: 'it imports github.com/mattn/go-sqlite3 with no build constraint, which compiles SQLite\'s C amalgamation; with cgo off only its `!cgo` stub is built',
    alternative: 'github.com/golang-migrate/migrate/v4/database/sqlite (modernc.org/sqlite, pure Go; URLs sqlite://)',
    citation: 'github.com/golang-migrate/migrate: database/sqlite3/sqlite3.go (`_ "github.com/mattn/go-sqlite3"`, no build constraint, v4.0.0 to v4.19.1); database/sqlite/sqlite.go (modernc.org/sqlite)',
  },
  {
    path: 'github.com/confluentinc/confluent-kafka-go',
    majorVersions: true,
    fails: 'compile',
    symptom: 'the build fails: with cgo off the package has no usable Go files (`undefined: kafka.…`, or imports named `ConfluentKafkaGo_REQUIRES_CGO_ENABLED` in older releases)',
    why: 'it wraps librdkafka through cgo',
    alternative: 'github.com/segmentio/kafka-go or github.com/twmb/franz-go (pure Go)',
    citation: 'github.com/confluentinc/confluent-kafka-go: kafka/01nocgo.go (`!cgo` file importing "ConfluentKafkaGo_REQUIRES_CGO_ENABLED"); kafka/kafka.go (import "C")',
  },
  {
    path: 'github.com/godror/godror',
    fails: 'compile',
    symptom: 'the build fails: the driver calls Oracle\'s ODPI-C through cgo',
    why: 'it embeds ODPI-C (C sources under odpi/) and calls it through cgo',
    alternative: 'github.com/sijms/go-ora (pure Go)',
    citation: 'github.com/godror/godror: drv.go (import "C", ODPI-C headers); require.go (the odpi C source packages)',
  },
  {
    path: 'github.com/mattn/go-oci8',
    fails: 'compile',
    symptom: 'the build fails: the driver calls Oracle\'s OCI library through cgo',
    why: 'it links Oracle Instant Client\'s OCI through cgo (pkg-config oci8)',
    alternative: 'github.com/sijms/go-ora (pure Go)',
    citation: 'github.com/mattn/go-oci8: oci8.go (import "C", `#cgo pkg-config: oci8`)',
  },
  {
    path: 'github.com/google/gopacket/pcap',
    packageOnly: true,
    exceptGoos: ['windows'],
    fails: 'compile',
    symptom: 'the build fails: `undefined: pcap.…` / `build constraints exclude all Go files` for the pcap package',
    why: 'outside Windows it calls libpcap through cgo',
    alternative: 'github.com/google/gopacket/pcapgo (pure Go, reads/writes pcap files and captures on Linux via AF_PACKET)',
    citation: 'github.com/google/gopacket: pcap/pcap_unix.go (`+build !windows`, import "C" with <pcap.h>)',
  },
  {
    path: 'github.com/go-gl/glfw',
    fails: 'compile',
    symptom: 'the build fails: GLFW is C code compiled through cgo',
    why: 'it builds the GLFW C library through cgo',
    citation: 'github.com/go-gl/glfw: v3.3/glfw/build.go (cgo flags per OS; import "C")',
  },
  {
    path: 'fyne.io/fyne/v2',
    fails: 'compile',
    symptom: 'the build fails: the desktop driver needs GLFW and OpenGL through cgo',
    why: 'its desktop driver uses go-gl/glfw and go-gl/gl (cgo)',
    citation: 'fyne.io/fyne/v2 (github.com/fyne-io/fyne): internal/driver/glfw/ (the desktop driver, built on github.com/go-gl/glfw)',
  },
  {
    path: 'github.com/DataDog/zstd',
    fails: 'compile',
    symptom: 'the build fails with `undefined: zstd.…`: with cgo off the package is an empty stub',
    why: 'it compiles the zstd C library through cgo; the `!cgo` file declares nothing',
    alternative: 'github.com/klauspost/compress/zstd (pure Go)',
    citation: 'github.com/DataDog/zstd: stub.go (`+build !cgo`, only `package zstd`); zstd.go (import "C")',
  },
  {
    path: 'github.com/tecbot/gorocksdb',
    fails: 'compile',
    symptom: 'the build fails: RocksDB is a C++ library linked through cgo',
    why: 'it links librocksdb through cgo',
    alternative: 'github.com/cockroachdb/pebble (pure Go, not drop-in)',
    citation: 'github.com/tecbot/gorocksdb: db.go (import "C", rocksdb/c.h)',
  },
  {
    path: 'github.com/linxGnu/grocksdb',
    fails: 'compile',
    symptom: 'the build fails: RocksDB is a C++ library linked through cgo',
    why: 'it links librocksdb through cgo',
    alternative: 'github.com/cockroachdb/pebble (pure Go, not drop-in)',
    citation: 'github.com/linxGnu/grocksdb: db.go (import "C", rocksdb/c.h)',
  },
  {
    path: 'gopkg.in/gographics/imagick.v2',
    fails: 'compile',
    symptom: 'the build fails: ImageMagick\'s MagickWand is called through cgo',
    why: 'it binds MagickWand through cgo (pkg-config MagickWand)',
    citation: 'github.com/gographics/imagick: imagick/magick_wand.go (import "C")',
  },
  {
    path: 'gopkg.in/gographics/imagick.v3',
    fails: 'compile',
    symptom: 'the build fails: ImageMagick\'s MagickWand is called through cgo',
    why: 'it binds MagickWand through cgo (pkg-config MagickWand)',
    citation: 'github.com/gographics/imagick: imagick/magick_wand.go (import "C")',
  },
  {
    path: 'github.com/h2non/bimg',
    fails: 'compile',
    symptom: 'the build fails: libvips is called through cgo',
    why: 'it binds libvips through cgo (pkg-config vips)',
    citation: 'github.com/h2non/bimg: vips.go (import "C", `#cgo pkg-config: vips`)',
  },
  {
    path: 'github.com/miekg/pkcs11',
    fails: 'compile',
    symptom: 'the build fails: PKCS#11 modules are loaded through cgo (dlopen)',
    why: 'it loads the PKCS#11 shared library with dlopen through cgo',
    citation: 'github.com/miekg/pkcs11: pkcs11.go (import "C", dlopen)',
  },
  {
    path: 'github.com/libgit2/git2go',
    majorVersions: true,
    fails: 'compile',
    symptom: 'the build fails: libgit2 is called through cgo',
    why: 'it binds libgit2 through cgo',
    alternative: 'github.com/go-git/go-git (pure Go)',
    citation: 'github.com/libgit2/git2go: git.go (import "C", git2.h)',
  },
];

/**
 * The cgo-only entry a required module falls under, if any: the module itself, another major version
 * of it (`.../v2`, for entries marked `majorVersions`), or a package of it that the main module's
 * sources import (`imports`: the package paths the adapters found in the module's .go files).
 */
export function cgoOnlyModule(modulePath: string, imports: readonly string[] = []): CgoModule | undefined {
  return CGO_MODULES.find((m) => {
    if (m.packageOnly) return m.path.startsWith(`${modulePath}/`) && imports.includes(m.path);
    if (modulePath === m.path) return true;
    return m.majorVersions === true && new RegExp(`^${escape(m.path)}/v\\d+$`).test(modulePath);
  });
}

/** The package paths of entries that count only when imported: what the adapters look for in .go files. */
export const CGO_ONLY_PACKAGES: readonly string[] = CGO_MODULES.filter((m) => m.packageOnly).map((m) => m.path);

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
