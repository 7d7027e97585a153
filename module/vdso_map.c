// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - validation of the embedded vDSO image
 *
 * Programs find every system call through the vDSO's SysV hash table, as
 * cloudlibc does, and an image that lost a symbol would turn a call into
 * ENOSYS at run time.  The module therefore checks at load time that the
 * image is exactly what the ABI promises, and refuses to load otherwise.
 */

#include <linux/anon_inodes.h>
#include <linux/elf.h>
#include <linux/errno.h>
#include <linux/file.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <cloudabi_gate.h>
#include <cloudabi_vdso_data.h>

#include "common.h"
#include "exec.h"
#include "vdso_clock.h"
#include "vdso_map.h"

static struct cloudabi_vdso_info vdso_info;

/* The image copied into whole pages, mapped into every CloudABI process. */
static struct page **vdso_pages;

#define VDSO_MAX_PAGES 16
/* The clock page and the data page, below the image. */
#define VDSO_PAGES_BEFORE 2
static unsigned int vdso_npages;

#define SYSCALL_PREFIX "cloudabi_sys_"

/* The kernel's elf.h stops short of symbol visibility. */
#define SYM_VISIBILITY(other) ((other) & 3)
#define SYM_VISIBILITY_DEFAULT 0

/* A range of the image, or NULL when it does not lie wholly inside it. */
static const void *image_range(const void *image, size_t size, u64 offset,
			       u64 count, size_t elem)
{
	u64 bytes;

	if (check_mul_overflow(count, (u64)elem, &bytes) ||
	    offset > size || bytes > size - offset)
		return NULL;
	return (const u8 *)image + offset;
}

static int check_header(const Elf64_Ehdr *eh, size_t size, u16 machine)
{
	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return -ENOEXEC;
	if (eh->e_type != ET_DYN || eh->e_machine != machine ||
	    eh->e_phentsize != sizeof(Elf64_Phdr))
		return -ENOEXEC;
	return 0;
}

/*
 * The image is mapped as one read-only executable piece, so every loadable
 * segment must sit at its file offset and none may ask to be writable.
 */
static const Elf64_Phdr *check_segments(const void *image, size_t size,
					const Elf64_Ehdr *eh)
{
	const Elf64_Phdr *ph, *dynamic = NULL;
	unsigned int i;

	ph = image_range(image, size, eh->e_phoff, eh->e_phnum, sizeof(*ph));
	if (!ph)
		return NULL;
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD &&
		    (ph[i].p_vaddr != ph[i].p_offset ||
		     ph[i].p_memsz != ph[i].p_filesz ||
		     (ph[i].p_flags & PF_W) ||
		     !image_range(image, size, ph[i].p_offset,
				  ph[i].p_filesz, 1)))
			return NULL;
		if (ph[i].p_type == PT_DYNAMIC)
			dynamic = &ph[i];
	}
	return dynamic;
}

struct dyn_tables {
	const u32 *hash;
	const Elf64_Sym *symtab;
	const char *strtab;
	u64 strsz;
};

static int read_dynamic(const void *image, size_t size, const Elf64_Phdr *dph,
			struct dyn_tables *t)
{
	u64 hash = 0, symtab = 0, strtab = 0, i, n;
	const Elf64_Dyn *dyn;

	n = dph->p_filesz / sizeof(*dyn);
	dyn = image_range(image, size, dph->p_offset, n, sizeof(*dyn));
	if (!dyn)
		return -ENOEXEC;
	t->strsz = 0;
	for (i = 0; i < n && dyn[i].d_tag != DT_NULL; i++) {
		switch (dyn[i].d_tag) {
		case DT_HASH:
			hash = dyn[i].d_un.d_ptr;
			break;
		case DT_SYMTAB:
			symtab = dyn[i].d_un.d_ptr;
			break;
		case DT_STRTAB:
			strtab = dyn[i].d_un.d_ptr;
			break;
		case DT_STRSZ:
			t->strsz = dyn[i].d_un.d_val;
			break;
		}
	}
	t->hash = image_range(image, size, hash, 2, sizeof(u32));
	t->strtab = image_range(image, size, strtab, t->strsz, 1);
	if (!t->hash || !t->strtab || !t->strsz || t->strtab[t->strsz - 1])
		return -ENOEXEC;
	/* The second word of the SysV hash table is the symbol count. */
	t->symtab = image_range(image, size, symtab, t->hash[1],
				sizeof(Elf64_Sym));
	if (!t->symtab || !image_range(image, size, hash,
				       2ULL + t->hash[0] + t->hash[1],
				       sizeof(u32)))
		return -ENOEXEC;
	return 0;
}

static bool is_exported_syscall(const struct dyn_tables *t,
				const Elf64_Sym *sym)
{
	if (!sym->st_name || sym->st_name >= t->strsz ||
	    ELF64_ST_BIND(sym->st_info) != STB_GLOBAL ||
	    ELF64_ST_TYPE(sym->st_info) != STT_FUNC ||
	    SYM_VISIBILITY(sym->st_other) != SYM_VISIBILITY_DEFAULT ||
	    sym->st_shndx == SHN_UNDEF)
		return false;
	return !strncmp(t->strtab + sym->st_name, SYSCALL_PREFIX,
			strlen(SYSCALL_PREFIX));
}

/**
 * cloudabi_vdso_check() - validate a vDSO image
 * @image: the image
 * @size: its size in bytes
 * @machine: the ELF machine it must be built for
 * @info: filled in on success
 *
 * Return: 0 when the image is a read-only ELF64 shared object for @machine
 * whose SysV hash table lists exactly CLOUDABI_GATE_NSYSCALLS exported
 * system call functions, all inside the image.  -ENOEXEC otherwise.
 */
int cloudabi_vdso_check(const void *image, size_t size, u16 machine,
			struct cloudabi_vdso_info *info)
{
	const Elf64_Ehdr *eh = image;
	const Elf64_Phdr *dynamic;
	struct dyn_tables t;
	unsigned int i, n = 0;
	int err;

	err = check_header(eh, size, machine);
	if (err)
		return err;
	dynamic = check_segments(image, size, eh);
	if (!dynamic)
		return -ENOEXEC;
	err = read_dynamic(image, size, dynamic, &t);
	if (err)
		return err;
	for (i = 0; i < t.hash[1]; i++) {
		if (!is_exported_syscall(&t, &t.symtab[i]))
			continue;
		if (t.symtab[i].st_value >= size)
			return -ENOEXEC;
		n++;
	}
	if (n != CLOUDABI_GATE_NSYSCALLS || eh->e_entry >= size)
		return -ENOEXEC;
	info->size = size;
	info->entry = eh->e_entry;
	info->nsyscalls = n;
	return 0;
}

static void free_pages_array(struct page **pages, unsigned int n)
{
	while (n--)
		__free_page(pages[n]);
	kfree(pages);
}

/**
 * cloudabi_vdso_init() - validate the embedded image and copy it into
 *	pages that can be mapped into processes
 *
 * Return: 0, -ENOEXEC when the build embedded a broken image, or -ENOMEM.
 */
int cloudabi_vdso_init(void)
{
	size_t size = cloudabi_vdso_image_end - cloudabi_vdso_image_start;
	unsigned int i, n = DIV_ROUND_UP(size, PAGE_SIZE);
	struct page **pages;
	int err;

	err = cloudabi_vdso_check(cloudabi_vdso_image_start, size, ELF_ARCH,
				  &vdso_info);
	if (err) {
		pr_err("embedded vDSO image is invalid\n");
		return err;
	}
	/* vdso_mmap() inserts at most this many pages from its stack. */
	if (n > VDSO_MAX_PAGES) {
		pr_err("embedded vDSO image is too large\n");
		return -ENOEXEC;
	}
	pages = kcalloc(n, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!pages[i]) {
			free_pages_array(pages, i);
			return -ENOMEM;
		}
		memcpy(page_address(pages[i]),
		       cloudabi_vdso_image_start + i * PAGE_SIZE,
		       min_t(size_t, PAGE_SIZE, size - i * PAGE_SIZE));
	}
	vdso_pages = pages;
	vdso_npages = n;
	return 0;
}

void cloudabi_vdso_exit(void)
{
	free_pages_array(vdso_pages, vdso_npages);
}

/*
 * The seccomp filter trusts the vDSO's addresses: fork's clone is allowed
 * only from the fork site, whose next instructions adopt the child.  A
 * program that could put its own code at that address would fork without
 * a descriptor, so the mapping can never be moved, split or partly
 * replaced, and a process that unmaps all of it (or maps over all of it)
 * dies before it runs another instruction.
 */
static int vdso_may_split(struct vm_area_struct *vma, unsigned long addr)
{
	return -EINVAL;
}

static int vdso_mremap(struct vm_area_struct *vma)
{
	return -EINVAL;
}

/*
 * Called when the mapping goes away.  At exit and exec the address space
 * is no longer current's (exit_mm() and exec_mmap() switch first), and a
 * last reference dropped elsewhere is never current's either; only a
 * munmap() or MAP_FIXED by the process itself reaches the kill.  The
 * signal is queued while the unmapping still holds mmap_lock, so no other
 * thread can map at the address and fork before it (copy_process() fails
 * once a fatal signal is pending).
 */
static void vdso_close(struct vm_area_struct *vma)
{
	if (vma->vm_mm != current->mm || (current->flags & PF_EXITING)) {
		/* An exit or exec: drop the execs its threads prepared. */
		cloudabi_exec_prune();
		return;
	}
	pr_notice_ratelimited("%s[%d]: unmapped its vDSO, killed\n",
			      current->comm, task_tgid_vnr(current));
	send_sig(SIGKILL, current, 1);
}

static const struct vm_operations_struct vdso_vm_ops = {
	.close = vdso_close,
	.may_split = vdso_may_split,
	.mremap = vdso_mremap,
};

/*
 * The mapping is the machine's clock page (vdso_clock.c), one data page,
 * private to the process and written before it is mapped, and then the
 * shared image pages.  The file is opened read-only, so the mapping has
 * no VM_MAYWRITE: mprotect() cannot make it writable, and a write faults.
 */
static int vdso_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct page *pages[VDSO_PAGES_BEFORE + VDSO_MAX_PAGES];
	unsigned long n = VDSO_PAGES_BEFORE + vdso_npages;
	unsigned int i;

	if (vma->vm_pgoff || vma_pages(vma) != n || n > ARRAY_SIZE(pages) ||
	    (vma->vm_flags & VM_WRITE))
		return -EINVAL;
	vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
	vm_flags_clear(vma, VM_MAYWRITE);
	vma->vm_ops = &vdso_vm_ops;
	pages[0] = cloudabi_vdso_clock_page();
	pages[1] = file->private_data;
	for (i = 0; i < vdso_npages; i++)
		pages[VDSO_PAGES_BEFORE + i] = vdso_pages[i];
	return vm_insert_pages(vma, vma->vm_start, pages, &n);
}

static int vdso_release(struct inode *inode, struct file *file)
{
	__free_page(file->private_data);
	return 0;
}

static const struct file_operations vdso_fops = {
	.owner = THIS_MODULE,
	.mmap = vdso_mmap,
	.release = vdso_release,
};

/**
 * cloudabi_vdso_size() - bytes of the mapping: the clock and data pages
 *	and the image
 *
 * Return: the size, a multiple of PAGE_SIZE.
 */
unsigned long cloudabi_vdso_size(void)
{
	return (VDSO_PAGES_BEFORE + vdso_npages) * PAGE_SIZE;
}

/**
 * cloudabi_vdso_base() - where an address space has its vDSO mapping
 * @mm: a CloudABI process's address space
 *
 * Return: the start of the mapping (its clock page), or 0 when there is
 * none.
 */
unsigned long cloudabi_vdso_base(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	unsigned long base = 0;

	mmap_read_lock(mm);
	for (vma = find_vma(mm, 0); vma; vma = find_vma(mm, vma->vm_end)) {
		if (vma->vm_ops == &vdso_vm_ops) {
			base = vma->vm_start;
			break;
		}
	}
	mmap_read_unlock(mm);
	return base;
}

/**
 * cloudabi_vdso_map() - map the vDSO into the current process
 * @at: 0, or the address it must have (the one the seccomp filter a
 *	proc_exec keeps was made for)
 * @ehdr: set to the address of the vDSO's ELF header (AT_SYSINFO_EHDR)
 * @start: set to the address of the start code, where the process begins
 * @data_page: set to the process's data page, to be filled in with
 *	cloudabi_vdso_set_data() before the process runs
 *
 * Return: 0, or a negative error (-ENOMEM, -EEXIST when @at is taken, or
 * vm_mmap()'s).
 */
int cloudabi_vdso_map(unsigned long at, unsigned long *ehdr,
		      unsigned long *start, struct page **data_page)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	unsigned long flags = MAP_SHARED;
	struct file *file;
	unsigned long addr;

	if (!page)
		return -ENOMEM;
	file = anon_inode_getfile("[cloudabi-vdso]", &vdso_fops, page,
				  O_RDONLY);
	if (IS_ERR(file)) {
		__free_page(page);
		return PTR_ERR(file);
	}
	if (at)
		flags |= MAP_FIXED_NOREPLACE;
	addr = vm_mmap(file, at, cloudabi_vdso_size(), PROT_READ | PROT_EXEC,
		       flags, 0);
	/* The mapping holds its own reference to the file and the page. */
	fput(file);
	if (IS_ERR_VALUE(addr))
		return (int)addr;
	if (at && addr != at)
		return -EEXIST;
	*ehdr = addr + VDSO_PAGES_BEFORE * PAGE_SIZE;
	*start = *ehdr + vdso_info.entry;
	*data_page = page;
	return 0;
}

/**
 * cloudabi_vdso_set_data() - write the data page of a fresh mapping
 * @data_page: from cloudabi_vdso_map(), in the exec that mapped it (the
 *	only task of the new process, so the mapping cannot go away)
 * @data: the facts
 */
void cloudabi_vdso_set_data(struct page *data_page,
			    const struct cloudabi_vdso_data *data)
{
	memcpy(page_address(data_page), data, sizeof(*data));
}

#ifdef CLOUDABI_KUNIT
/* The suite is built into the module that it tests (make kunit). */
#include "../kunit/vdso_test.c"
#endif
