# SPDX-License-Identifier: GPL-2.0
#
# cloudabi-linux: build the module with its vDSO, the KUnit suites and the
# test programs, for x86_64 (native) or arm64 (cross), and run the checks.
#
#   make                      cloudabi.ko for x86_64 against Debian's headers
#   make ARCH=arm64           the same, cross-built
#   make KSERIES=6.12         against Debian 12's 6.12 LTS kernel instead
#   make KDIR=/lib/modules/$(uname -r)/build   against an installed kernel
#   make check                the whole test suite, both arches, in QEMU
#   make check-debug          the in-guest suites on a KASAN/lockdep kernel

ARCH ?= x86_64
ifeq ($(ARCH),x86_64)
CROSS_COMPILE ?=
TRIPLE := x86_64
else ifeq ($(ARCH),arm64)
CROSS_COMPILE ?= aarch64-linux-gnu-
TRIPLE := aarch64
else
$(error ARCH must be x86_64 or arm64)
endif

PYTHON ?= python3
CLANG ?= clang
TOP := $(abspath .)
# The kernel series under test: Debian 12's stock 6.1, or its 6.12 LTS.
KSERIES ?= 6.1
ifeq ($(KSERIES),6.1)
OUT := $(TOP)/build/$(ARCH)
else
OUT := $(TOP)/build/$(ARCH)-$(KSERIES)
endif
# OUT may come from the command line (DKMS: OUT=build/dkms); Kbuild's M=
# needs it absolute.
override OUT := $(abspath $(OUT))
CLOUDABI_VERSION := $(shell git -C $(TOP) describe --tags --always --dirty 2>/dev/null)

# Debian's headers for the kernel under test, fetched into the cache unless
# KDIR names a kernel tree.
# Only the goals that build against a kernel fetch one; a fetch that yields
# no kernel stops here, never with an empty KDIR.
KABI ?=
KDIR_GOALS := all module kunit demo demo-server fuzz
ifeq ($(origin KDIR),undefined)
ifneq ($(filter $(KDIR_GOALS),$(or $(MAKECMDGOALS),all)),)
KERNEL_CACHE := $(shell $(TOP)/scripts/fetch-kernel --arch $(ARCH) \
	--series $(KSERIES) $(if $(KABI),--abi $(KABI)))
ifneq ($(.SHELLSTATUS),0)
$(error no $(KSERIES) kernel for $(ARCH) (scripts/fetch-kernel says why above))
endif
KDIR := $(shell cat $(KERNEL_CACHE)/.headers)
KABI := $(shell cat $(KERNEL_CACHE)/.abi)
endif
endif

# Kbuild runs in a mirror of the sources under $(OUT) (scripts/mirror-sources):
# objects land there, never beside the sources.
KMAKE = $(MAKE) -C $(KDIR) ARCH=$(ARCH) CROSS_COMPILE=$(CROSS_COMPILE) \
	CLOUDABI_VERSION=$(CLOUDABI_VERSION) CLOUDABI_VDSO_IMAGE=$(VDSO_OUT)/vdso.so

.PHONY: all module vdso generate check-generated kunit tests tools check check-debug \
	demo fuzz bench \
	demo-server clean

all: module

# --- generated code -------------------------------------------------------
GENERATED_STAMP := build/.generated
# docs/calls.md also reads the handlers and the test programs.
$(GENERATED_STAMP): abi/cloudabi.abi policy/seccomp.policy $(wildcard scripts/abigen/*.py) \
		$(wildcard module/*.c vdso/*.c qemu-tests/cloudabi/*.c)
	$(PYTHON) scripts/abigen --spec abi/cloudabi.abi --policy policy/seccomp.policy --out .
	@mkdir -p build && touch $@

generate: $(GENERATED_STAMP)

check-generated:
	@scripts/check-generated

# --- the vDSO -------------------------------------------------------------
VDSO_OUT := $(TOP)/build/vdso/$(ARCH)
VDSO_SRCS := $(wildcard vdso/*.c) vdso/generated/entries.c $(wildcard vdso/arch/$(ARCH)/*.c) \
	$(wildcard vdso/arch/$(ARCH)/*.S)
VDSO_CFLAGS := --target=$(TRIPLE)-linux-gnu -std=gnu11 -O2 -fPIC -ffreestanding \
	-fno-stack-protector -fno-builtin -fno-asynchronous-unwind-tables \
	-fno-unwind-tables -nostdlib -nostdinc \
	-isystem $(shell $(CLANG) -print-resource-dir)/include \
	-Iinclude/uapi/cloudabi -Iinclude/uapi/cloudabi/generated -Ivdso -Ivdso/generated -Ivdso/arch/$(ARCH) \
	-Wall -Wextra -Werror
ifeq ($(ARCH),arm64)
VDSO_CFLAGS += -mgeneral-regs-only -mno-outline-atomics
else
VDSO_CFLAGS += -mno-sse -mno-mmx -mno-red-zone
endif
VDSO_LDFLAGS := -fuse-ld=lld -shared -Wl,--hash-style=sysv -Wl,-Bsymbolic \
	-Wl,-z,max-page-size=4096 -Wl,-z,noexecstack -Wl,--no-undefined \
	-Wl,--build-id=none -Wl,-T,vdso/vdso.lds -Wl,--version-script,vdso/generated/exports.map

$(VDSO_OUT)/vdso.so: $(GENERATED_STAMP) $(VDSO_SRCS) $(wildcard vdso/*.h vdso/arch/$(ARCH)/*.h) \
		vdso/vdso.lds include/uapi/cloudabi/*.h \
		include/uapi/cloudabi/generated/*.h scripts/vdso-finish.py
	@mkdir -p $(VDSO_OUT)
	$(CLANG) $(VDSO_CFLAGS) $(VDSO_LDFLAGS) -o $@.tmp $(VDSO_SRCS)
	$(PYTHON) scripts/vdso-finish.py --machine $(ARCH) $@.tmp
	mv $@.tmp $@

vdso: $(VDSO_OUT)/vdso.so

# --- the module -----------------------------------------------------------
MODULE_TREE := $(OUT)/module-tree
module: $(GENERATED_STAMP) $(VDSO_OUT)/vdso.so
	scripts/mirror-sources $(MODULE_TREE)
	$(KMAKE) M=$(MODULE_TREE) CLOUDABI_KUNIT= modules
	@cp $(MODULE_TREE)/cloudabi.ko $(OUT)/
	@# vm-run boots the kernel this module was built for, not a newer one.
	@echo $(KABI) >$(OUT)/kernel-abi

# --- KUnit: kunit.ko from Debian's kernel source, then the module with its
# suites built in (cloudabi_kunit.ko), compiled in a mirror of the sources
# under build/ so that its objects never meet the module's own.
# KUNIT_BUILTIN=1: the kernel has KUnit built in (the debug kernel), so
# no kunit.ko is built and the suites link against the kernel's.
KUNIT_TREE := $(OUT)/kunit-tree
KUNIT_BUILTIN ?=
kunit: $(GENERATED_STAMP) $(VDSO_OUT)/vdso.so
ifeq ($(KUNIT_BUILTIN),)
	scripts/build-kunit --arch $(ARCH) --kdir $(KDIR) --out $(OUT)/kunit-core
endif
	scripts/mirror-sources $(KUNIT_TREE)
	$(KMAKE) M=$(KUNIT_TREE) CLOUDABI_KUNIT=1 \
		$(if $(KUNIT_BUILTIN),,KBUILD_EXTRA_SYMBOLS=$(OUT)/kunit-core/Module.symvers) \
		modules
	@cp $(KUNIT_TREE)/cloudabi_kunit.ko $(OUT)/

# --- CloudABI and native test programs ------------------------------------
tests:
	$(MAKE) -C qemu-tests ARCH=$(ARCH) OUT=$(OUT)/tests

# --- native tools: the launcher ---------------------------------------------
tools: $(GENERATED_STAMP)
	$(MAKE) -C tools/cloudabi-run ARCH=$(ARCH) OUT=$(OUT)/tools

# --- everything, both arches, in QEMU -------------------------------------
check:
	scripts/check

# The in-guest suite, KUnit and the whole malformed-ELF corpus on a debug
# kernel (KASAN, lockdep, KMEMLEAK, UBSAN) built from Debian's source and
# cached (scripts/build-debug-kernel).  Not part of make check.
DEBUG_ARCH ?= x86_64
check-debug:
	scripts/check --debug $(foreach a,$(DEBUG_ARCH),--arch $(a))

# --- the main job: the stock kernel in QEMU with the module loaded ----------
demo: module tests tools
	scripts/vm-run --arch $(ARCH) --file $(OUT)/tests/catfile.run \
		--file $(OUT)/tests/demo.yaml --file $(OUT)/tests/data.txt -- sh -c \
		'echo "cloudabi $$(cat /sys/module/cloudabi/version) on $$(uname -srm)"; \
		 echo "$$ cat demo.yaml"; cat demo.yaml; \
		 echo "$$ cloudabi-run ./catfile.run < demo.yaml"; \
		 cloudabi-run ./catfile.run < demo.yaml'

# CloudABI calls against native Linux, one VM boot per arch, into
# docs/benchmarks.md (scripts/bench).  Never part of make check.
bench:
	$(MAKE) module tests tools ARCH=x86_64
	$(MAKE) module tests tools ARCH=arm64
	scripts/bench

# The gate fuzzer (qemu-tests/cloudabi/fuzz.c) for FUZZ_SECONDS with
# FUZZ_SEED, on two CPUs; a kernel report fails the run.
# DEBUG=1 runs it on the debug kernel (scripts/build-debug-kernel).
FUZZ_SECONDS ?= 60
FUZZ_SEED ?= 1
DEBUG ?=
ifeq ($(DEBUG),)
fuzz: module tests tools
	scripts/vm-run --arch $(ARCH) --smp 2 \
		--timeout $$(( $(FUZZ_SECONDS) + 180 )) \
		--file $(OUT)/tests/fuzz.run --file $(OUT)/tests/fuzz-run -- \
		sh /mnt/fuzz-run $(FUZZ_SECONDS) $(FUZZ_SEED)
else
fuzz: tests tools
	dir=$$(scripts/build-debug-kernel --arch $(ARCH)) && \
	$(MAKE) module KDIR=$$(cat $$dir/.headers) OUT=$(TOP)/build/$(ARCH)-debug && \
	scripts/vm-run --arch $(ARCH) --smp 2 --kernel-dir $$dir --memory 1024 \
		--module $(TOP)/build/$(ARCH)-debug/cloudabi.ko \
		--timeout $$(( $(FUZZ_SECONDS) + 600 )) \
		--file $(OUT)/tests/fuzz.run --file $(OUT)/tests/fuzz-run -- \
		sh /mnt/fuzz-run $(FUZZ_SECONDS) $(FUZZ_SEED)
endif

# A native acceptor passes TCP connections to a CloudABI echo server that
# holds no listening socket and no path (qemu-tests/native/acceptor.c).
demo-server: module tests tools
	scripts/vm-run --arch $(ARCH) --file $(OUT)/tests/echo-server.run \
		--file $(OUT)/tests/echo-server.yaml --file $(OUT)/tests/acceptor \
		--file $(OUT)/tests/tcp-client -- sh -c \
		'ip link set lo up; \
		 echo "cloudabi $$(cat /sys/module/cloudabi/version) on $$(uname -srm)"; \
		 echo "$$ cat echo-server.yaml"; cat echo-server.yaml; \
		 echo "$$ acceptor 7000 3 echo-server.yaml cloudabi-run ./echo-server.run &"; \
		 ./acceptor 7000 3 echo-server.yaml "$$(command -v cloudabi-run)" \
			./echo-server.run & \
		 sleep 1; \
		 for m in hello capabilities bye; do \
			echo "$$ tcp-client 7000 $$m"; ./tcp-client 7000 "$$m"; echo; \
		 done; \
		 wait $$!; echo "echo server exited with $$? (connections served)"'

# Kbuild's products, found by name: clean needs no kernel tree.
clean:
	find . -path ./.git -prune -o \( -name '*.o' -o -name '*.ko' -o -name '*.mod' \
		-o -name '*.mod.c' -o -name '.*.cmd' -o -name '*.order' -o -name '*.symvers' \) \
		-type f -print0 | xargs -0 rm -f
	rm -rf build
