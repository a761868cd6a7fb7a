# make -j2 with a recursive make sharing the jobserver (run with -f).
SELF := $(abspath $(firstword $(MAKEFILE_LIST)))
PARTS := $(addprefix part,1 2 3 4 5 6 7 8)
all: total
	@sort total
	@echo "jobserver in MAKEFLAGS: $(if $(findstring jobserver,$(MAKEFLAGS)),yes,no)"
total: $(PARTS:=.out) sub
	@cat $(PARTS:=.out) sub/sub.out > total
%.out:
	@echo $@ > $@
sub:
	@mkdir -p sub
	@$(MAKE) --no-print-directory -C sub -f $(SELF) subparts
subparts: a.out b.out c.out
	@cat a.out b.out c.out > sub.out
.PHONY: all sub subparts
