# bouncediag - why did this mail bounce, and what to do about it.
# make            build ./bouncediag (and libbouncediag.a / .so)
# make check      build and run the whole test suite
# make demo       diagnose a bundled example bounce
# make install PREFIX=/usr/local DESTDIR=   (and uninstall)
# make check-asan, make fuzz FUZZ_SECONDS=60, make accuracy, make crosscheck, make bench

CC ?= cc
CFLAGS ?= -O2 -g
LDFLAGS ?=
PKG_CONFIG ?= pkg-config
PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
DATADIR = $(PREFIX)/share/bouncediag
LIBDIR = $(PREFIX)/lib
INCDIR = $(PREFIX)/include
MANDIR = $(PREFIX)/share/man
COMPDIR = $(PREFIX)/share/bash-completion/completions
VERSION = 0.1.0

# Probe the packages once; scripts/deps.sh installs them when missing.
DEPS_OK := $(shell $(PKG_CONFIG) --exists libpcre2-8 cmocka zlib uchardet 2>/dev/null && echo yes)
ifneq ($(DEPS_OK),yes)
DEPS_RUN := $(shell sh scripts/deps.sh >&2 && echo ok)
endif

PCRE_CFLAGS := $(shell $(PKG_CONFIG) --cflags libpcre2-8 2>/dev/null)
PCRE_LIBS := $(shell $(PKG_CONFIG) --libs libpcre2-8 2>/dev/null)
ZLIB_LIBS := $(shell $(PKG_CONFIG) --libs zlib 2>/dev/null)
UCHARDET_CFLAGS := $(shell $(PKG_CONFIG) --cflags uchardet 2>/dev/null)
UCHARDET_LIBS := $(shell $(PKG_CONFIG) --libs uchardet 2>/dev/null)
CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

override CFLAGS += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wpointer-arith -Wcast-qual -Wformat=2 -fPIC \
	-Iinclude -Isrc $(PCRE_CFLAGS) $(UCHARDET_CFLAGS) \
	-DBD_RULES_DIR='"$(DATADIR)/rules"'
LIBS = $(PCRE_LIBS) $(ZLIB_LIBS) $(UCHARDET_LIBS) -lpthread

LIB_SRCS = src/util.c src/facts.c src/decode.c src/message.c src/gunzip.c src/source.c src/dsn.c src/maillog.c src/session.c src/pslist.c src/tracking.c \
	src/scan.c src/json.c src/ses.c src/webhook.c src/textscan.c src/fragment.c src/forward.c src/smtp.c src/rules.c src/prefilter.c src/classify.c src/explain.c src/diagnose.c \
	src/output.c src/summary.c
LIB_OBJS = $(LIB_SRCS:.c=.o)
HDRS = $(wildcard src/*.h) include/bouncediag.h

TEST_SRCS = $(wildcard tests/test_*.c)
TEST_BINS = $(TEST_SRCS:tests/%.c=tests/bin/%)

all: bouncediag libbouncediag.so

bouncediag: src/main.o src/batch.o src/inputsize.o libbouncediag.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ src/main.o src/batch.o src/inputsize.o libbouncediag.a $(LIBS)

libbouncediag.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $(LIB_OBJS)

libbouncediag.so: $(LIB_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,-soname,libbouncediag.so.0 -o $@ $(LIB_OBJS) $(LIBS)

src/%.o: src/%.c $(HDRS)
	$(CC) $(CFLAGS) -c -o $@ $<

# main.o has the installed rules directory compiled in: rebuild it when
# PREFIX changes (make PREFIX=/usr install after a plain make).
PREFIX_STAMP = .build-prefix
$(shell echo '$(DATADIR)' | cmp -s - $(PREFIX_STAMP) 2>/dev/null || echo '$(DATADIR)' > $(PREFIX_STAMP))
src/main.o: $(PREFIX_STAMP)

tests/bin/%: tests/%.c tests/testutil.h libbouncediag.a
	@mkdir -p tests/bin
	$(CC) $(CFLAGS) $(CMOCKA_CFLAGS) -o $@ $< libbouncediag.a $(CMOCKA_LIBS) $(LIBS)

# the sizer belongs to the command, not the library
tests/bin/test_inputsize: tests/test_inputsize.c tests/testutil.h src/inputsize.o libbouncediag.a
	@mkdir -p tests/bin
	$(CC) $(CFLAGS) $(CMOCKA_CFLAGS) -o $@ $< src/inputsize.o libbouncediag.a $(CMOCKA_LIBS) $(LIBS)

check: bouncediag $(TEST_BINS)
	@sh tests/run.sh $(TEST_BINS)

demo: bouncediag
	./bouncediag examples/relay-denied.eml

# The suite and a corpus run under AddressSanitizer and UBSan, in a separate
# build tree so the normal objects are not mixed with instrumented ones.
check-asan:
	$(MAKE) -s clean-objs
	$(MAKE) CC=clang CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" LDFLAGS="-fsanitize=address,undefined" check
	sh tests/corpus-run.sh ./bouncediag
	$(MAKE) -s clean-objs

# libFuzzer harnesses (fuzz/README): clang with ASan+UBSan, objects apart.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS = $(CFLAGS) -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
FUZZ_OBJS = $(LIB_SRCS:src/%.c=fuzz/bin/obj/%.o)
FUZZ_BINS = $(patsubst fuzz/%.c,fuzz/bin/%,$(wildcard fuzz/fuzz_*.c))

fuzz/bin/obj/%.o: src/%.c $(HDRS)
	@mkdir -p fuzz/bin/obj
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

fuzz/bin/fuzz_%: fuzz/fuzz_%.c fuzz/fuzzutil.h $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJS) $(LIBS)

.SECONDARY: $(FUZZ_OBJS)

fuzz: $(FUZZ_BINS)
	sh fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BINS)

# Memory errors and leaks of the real program on small inputs (slow).
valgrind: bouncediag
	BD_VALGRIND=1 sh tests/valgrind.test.sh ./bouncediag

accuracy: bouncediag
	@sh bench/accuracy.sh ./bouncediag

# Bounces the rules were not written against, beside Sisimai and flufl.bounce.
crosscheck: bouncediag
	@sh scripts/deps.sh --crosscheck
	@sh bench/fetch-unseen.sh
	@sh bench/crosscheck.sh ./bouncediag

bench: bouncediag
	@sh scripts/deps.sh --bench
	@sh bench/bench.sh ./bouncediag

install: bouncediag libbouncediag.a libbouncediag.so
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/rules $(DESTDIR)$(LIBDIR)/pkgconfig \
		$(DESTDIR)$(INCDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(COMPDIR)
	install -m 755 bouncediag $(DESTDIR)$(BINDIR)/bouncediag
	install -m 644 rules/* $(DESTDIR)$(DATADIR)/rules/
	install -m 644 libbouncediag.a $(DESTDIR)$(LIBDIR)/libbouncediag.a
	install -m 755 libbouncediag.so $(DESTDIR)$(LIBDIR)/libbouncediag.so.$(VERSION)
	ln -sf libbouncediag.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libbouncediag.so.0
	ln -sf libbouncediag.so.0 $(DESTDIR)$(LIBDIR)/libbouncediag.so
	install -m 644 include/bouncediag.h $(DESTDIR)$(INCDIR)/bouncediag.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' bouncediag.pc.in \
		> $(DESTDIR)$(LIBDIR)/pkgconfig/bouncediag.pc
	install -m 644 man/bouncediag.1 $(DESTDIR)$(MANDIR)/man1/bouncediag.1
	install -m 644 man/bouncediag-rules.5 $(DESTDIR)$(MANDIR)/man5/bouncediag-rules.5
	install -m 644 completion/bouncediag.bash $(DESTDIR)$(COMPDIR)/bouncediag

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/bouncediag $(DESTDIR)$(LIBDIR)/libbouncediag.a \
		$(DESTDIR)$(LIBDIR)/libbouncediag.so $(DESTDIR)$(LIBDIR)/libbouncediag.so.0 \
		$(DESTDIR)$(LIBDIR)/libbouncediag.so.$(VERSION) $(DESTDIR)$(INCDIR)/bouncediag.h \
		$(DESTDIR)$(LIBDIR)/pkgconfig/bouncediag.pc $(DESTDIR)$(MANDIR)/man1/bouncediag.1 \
		$(DESTDIR)$(MANDIR)/man5/bouncediag-rules.5 $(DESTDIR)$(COMPDIR)/bouncediag
	rm -rf $(DESTDIR)$(DATADIR)

clean-objs:
	rm -f src/*.o libbouncediag.a libbouncediag.so bouncediag
	rm -rf tests/bin

clean: clean-objs
	rm -rf fuzz/bin bench/work $(PREFIX_STAMP)

.PHONY: all check demo check-asan accuracy crosscheck bench install uninstall clean clean-objs fuzz valgrind
