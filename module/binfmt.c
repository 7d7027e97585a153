// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - the binary format handler
 *
 * Runs CloudABI executables (ELF64, EI_OSABI 17) directly.  The headers
 * are validated in full before the point of no return (module/elf.c);
 * after it, any failure kills the new process, as for any exec.  The
 * process starts in the vDSO's start code, which sets the TLS register,
 * resets signals and installs the seccomp filter before it calls the
 * program's entry point with the auxv.
 *
 * Linux offers no exported way to install a vDSO or set another task's TLS
 * register, so the vDSO is a mapping of a module file and the start code
 * does what the kernel cannot do for a module.
 */

#include <linux/binfmts.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/elf.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/personality.h>
#include <linux/ptrace.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/sched/coredump.h>
#include <linux/sched/task_stack.h>
#include <linux/seccomp.h>
#include <linux/user_namespace.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/xattr.h>

#include <cloudabi_vdso_data.h>

#include "binfmt.h"
#include "elf_check.h"
#include "exec.h"
#include "exec_arch.h"
#include "exec_stack.h"
#include "fdtable.h"
#include "gate_file.h"
#include "vdso_map.h"

static int load_cloudabi_binary(struct linux_binprm *bprm);

static struct linux_binfmt cloudabi_format = {
	.module = THIS_MODULE,
	.load_binary = load_cloudabi_binary,
};

/**
 * cloudabi_mm_is_cloudabi() - whether an address space runs a CloudABI image
 * @mm: any address space (a fork inherits its parent's format)
 *
 * Return: true when this binary format loaded it.
 */
bool cloudabi_mm_is_cloudabi(struct mm_struct *mm)
{
	return READ_ONCE(mm->binfmt) == &cloudabi_format;
}

static Elf64_Phdr *read_phdrs(struct file *image, const Elf64_Ehdr *eh)
{
	size_t size = eh->e_phnum * sizeof(Elf64_Phdr);
	loff_t pos = eh->e_phoff;
	Elf64_Phdr *ph;
	ssize_t n;

	ph = kmalloc(size, GFP_KERNEL);
	if (!ph)
		return ERR_PTR(-ENOMEM);
	n = kernel_read(image, ph, size, &pos);
	if (n != size) {
		kfree(ph);
		/* Program headers past the end of the file: ours, broken. */
		return ERR_PTR(n < 0 ? n : -EINVAL);
	}
	return ph;
}

static unsigned long segment_prot(const Elf64_Phdr *p)
{
	return (p->p_flags & PF_R ? PROT_READ : 0) |
	       (p->p_flags & PF_W ? PROT_WRITE : 0) |
	       (p->p_flags & PF_X ? PROT_EXEC : 0);
}

static int map_fixed(struct file *file, unsigned long addr, unsigned long len,
		     unsigned long prot, unsigned long off)
{
	unsigned long flags = MAP_PRIVATE | MAP_FIXED;
	unsigned long m;

	if (!file)
		flags |= MAP_ANONYMOUS;
	m = vm_mmap(file, addr, len, prot, flags, off);
	if (IS_ERR_VALUE(m))
		return (int)m;
	return m == addr ? 0 : -EINVAL;
}

/*
 * One PT_LOAD: the file pages, then the bss.  The tail of the last file
 * page beyond p_filesz holds other bytes of the file and is cleared.
 */
static int map_segment(struct file *image, const Elf64_Phdr *p,
		       unsigned long bias)
{
	unsigned long prot = segment_prot(p);
	unsigned long start = bias + (p->p_vaddr & PAGE_MASK);
	unsigned long file_end = bias + p->p_vaddr + p->p_filesz;
	unsigned long mem_end = PAGE_ALIGN(bias + p->p_vaddr + p->p_memsz);
	unsigned long anon_start = start;
	int err;

	if (p->p_filesz) {
		anon_start = PAGE_ALIGN(file_end);
		err = map_fixed(image, start, anon_start - start, prot,
				p->p_offset & PAGE_MASK);
		if (err)
			return err;
		if (p->p_memsz > p->p_filesz && (file_end & ~PAGE_MASK) &&
		    clear_user((void __user *)file_end,
			       anon_start - file_end))
			return -EFAULT;
	}
	if (mem_end > anon_start)
		return map_fixed(NULL, anon_start, mem_end - anon_start, prot,
				 0);
	return 0;
}

/*
 * Reserve the whole span first, so that a position-independent program
 * lands where mmap's randomisation puts it and no segment can land on
 * another mapping; segments are then mapped over the reservation.
 */
static int map_program(struct file *image, const Elf64_Ehdr *eh,
		       const Elf64_Phdr *ph,
		       const struct cloudabi_elf_layout *layout,
		       unsigned long *bias)
{
	unsigned long span = layout->span_end - layout->span_start;
	unsigned long want = eh->e_type == ET_EXEC ? layout->span_start : 0;
	unsigned long flags = MAP_PRIVATE | MAP_ANONYMOUS;
	unsigned long addr;
	unsigned int i;
	int err;

	if (eh->e_type == ET_EXEC)
		flags |= MAP_FIXED_NOREPLACE;
	addr = vm_mmap(NULL, want, span, PROT_NONE, flags, 0);
	if (IS_ERR_VALUE(addr))
		return (int)addr;
	if (want && addr != want)
		return -EINVAL;
	*bias = addr - layout->span_start;
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		err = map_segment(image, &ph[i], *bias);
		if (err)
			return err;
	}
	return 0;
}

static unsigned long stack_top(void)
{
	unsigned long top = STACK_TOP;

	if (current->flags & PF_RANDOMIZE)
		top -= (get_random_long() & STACK_RND_MASK) << PAGE_SHIFT;
	return PAGE_ALIGN(top);
}

/*
 * The start code finds the auxv at the stack pointer: the exec system
 * call's return value overwrites the first argument register on arm64.
 */
static void start_at(struct cloudabi_start *start, unsigned long pc)
{
	struct pt_regs *regs = current_pt_regs();

	WARN_ON_ONCE(start->sp != start->auxv);
	cloudabi_start_thread(regs, pc, start->sp);
}

/*
 * A set-id image would run every path operation on the capabilities its
 * caller passed with the owner's permissions: a confused deputy by
 * construction, since a CloudABI program's authority is meant to be its
 * descriptors.  File capabilities raise privilege the same way.  Refused
 * while the exec can still fail.
 */
static int refuse_set_id(struct file *file)
{
	struct inode *inode = file_inode(file);

	/* The bits bprm_fill_uid() honours. */
	if (is_sxid(inode->i_mode))
		return -EPERM;
	if (__vfs_getxattr(file->f_path.dentry, inode, XATTR_NAME_CAPS,
			   NULL, 0) >= 0)
		return -EPERM;
	return 0;
}

/*
 * What the new process starts confined by must be ours alone.  A tracer
 * attached before the exec could rewrite the start code's system calls
 * (skip the seccomp filter); a seccomp filter installed before it could
 * answer the start code's seccomp() with a fake success and leave the
 * program unconfined.  A CloudABI process execing another keeps its own
 * filter, which kills any seccomp() call: that one is safe.
 */
static int refuse_unsafe_exec(struct linux_binprm *bprm, struct file *image)
{
	bool from_cloudabi = current->mm &&
			     current->mm->binfmt == &cloudabi_format;

	if (current->ptrace)
		return -EPERM;
	if (current->seccomp.mode != SECCOMP_MODE_DISABLED && !from_cloudabi)
		return -EPERM;
	/* binfmt_misc's C flag takes credentials from the matched file. */
	return refuse_set_id(bprm->execfd_creds ? bprm->executable : image);
}

/*
 * No other process of the user may reach into the new process's table
 * (pidfd_getfd(), /proc/PID/fd, ptrace): it is not dumpable, and its mm
 * belongs to the initial user namespace, so CAP_SYS_PTRACE in a user
 * namespace its starter made is not enough either.
 */
static void keep_others_out(struct linux_binprm *bprm)
{
	struct user_namespace *old = bprm->mm->user_ns;

	bprm->interp_flags |= BINPRM_FLAGS_ENFORCE_NONDUMP;
	if (old != &init_user_ns) {
		bprm->mm->user_ns = get_user_ns(&init_user_ns);
		put_user_ns(old);
	}
}

/*
 * Whatever Linux capabilities the starting user had (root's DAC override,
 * CAP_SYS_RAWIO to map below mmap_min_addr, ...) are dropped: the new
 * process acts only through its descriptors, and with no_new_privs it can
 * never regain them.
 */
static int drop_linux_capabilities(void)
{
	struct cred *cred = prepare_creds();

	if (!cred)
		return -ENOMEM;
	cap_clear(cred->cap_inheritable);
	cap_clear(cred->cap_permitted);
	cap_clear(cred->cap_effective);
	cap_clear(cred->cap_bset);
	cap_clear(cred->cap_ambient);
	return commit_creds(cred);
}

/*
 * The descriptor table: a native parent's descriptors become capabilities
 * in place; proc_exec's become 0 to n - 1 and nothing else survives.
 */
static int build_fdtable(struct cloudabi_exec *exec)
{
	if (exec)
		return cloudabi_fdtable_replace_all(exec->fds, exec->nfds);
	return cloudabi_fdtable_wrap_inherited();
}

/* Everything after begin_new_exec(): failures here kill the process. */
static int build_process(struct linux_binprm *bprm, struct file *image,
			 struct cloudabi_exec *exec, const Elf64_Ehdr *eh,
			 const Elf64_Phdr *ph,
			 const struct cloudabi_elf_layout *layout)
{
	struct cloudabi_vdso_data data = {};
	struct cloudabi_start start = {};
	struct page *data_page;
	unsigned long pc;
	int err;

	/*
	 * begin_new_exec() makes the process dumpable again where
	 * fs.suid_dumpable allows it; no window is left before the table
	 * holds capabilities.
	 */
	set_mask_bits(&current->mm->flags, MMF_DUMPABLE_MASK,
		      SUID_DUMP_DISABLE);
	/* Nothing may have raised the credentials (a check raced, say). */
	if (!uid_eq(current_euid(), current_uid()) ||
	    !gid_eq(current_egid(), current_gid()))
		return -EPERM;
	/* The seccomp filter installed by the start code requires it. */
	task_set_no_new_privs(current);
	err = drop_linux_capabilities();
	if (err)
		return err;
	/*
	 * Address space randomisation is each binary format's own choice;
	 * randomize_va_space is not exported, so honour the personality.
	 */
	if (!(current->personality & ADDR_NO_RANDOMIZE))
		current->flags |= PF_RANDOMIZE;
	/* PROT_READ must never imply PROT_EXEC past the MEM_MAP_EXEC right. */
	current->personality &= ~READ_IMPLIES_EXEC;
	setup_new_exec(bprm);
	err = setup_arg_pages(bprm, stack_top(), EXSTACK_DISABLE_X);
	if (err)
		return err;
	/*
	 * First, so that the program cannot take the place: after a
	 * proc_exec the vDSO must be where the installed filter expects it.
	 */
	err = cloudabi_vdso_map(exec ? exec->vdso_base : 0, &start.vdso, &pc,
				&data_page);
	if (err)
		return err;
	err = map_program(image, eh, ph, layout, &start.base);
	if (err)
		return err;
	set_binfmt(&cloudabi_format);
	err = build_fdtable(exec);
	if (err)
		return err;
	data.gate_fd = cloudabi_gate_install();
	if (data.gate_fd < 0)
		return data.gate_fd;

	start.phdr = start.base + layout->phdr_vaddr;
	start.phnum = eh->e_phnum;
	if (exec) {
		start.argdata = exec->data;
		start.argdata_len = exec->data_len;
	}
	err = cloudabi_stack_build(bprm, &start);
	if (err)
		return err;
	data.entry = start.base + eh->e_entry;
	data.tls = start.tls;
	/* The caller's filter stays, and the start code must not stack one. */
	data.confined = !!exec;
	cloudabi_vdso_set_data(data_page, &data);
	current->mm->start_code = start.base + layout->span_start;
	current->mm->end_code = start.base + layout->span_end;
	finalize_exec(bprm);
	start_at(&start, pc);
	return 0;
}

/* An ET_EXEC program must not need the place the vDSO has to keep. */
static int check_vdso_room(struct cloudabi_exec *exec, const Elf64_Ehdr *eh,
			   const struct cloudabi_elf_layout *layout)
{
	unsigned long end = exec->vdso_base + cloudabi_vdso_size();

	if (eh->e_type == ET_EXEC && layout->span_start < end &&
	    exec->vdso_base < layout->span_end)
		return -ENOMEM;
	return 0;
}

static int load_image(struct linux_binprm *bprm, struct file *image,
		      struct cloudabi_exec *exec, const Elf64_Ehdr *eh)
{
	struct cloudabi_elf_layout layout;
	Elf64_Phdr *ph;
	int err;

	err = cloudabi_elf_check_header(eh, ELF_ARCH);
	if (err)
		return err;
	/*
	 * A 32-bit parent would leave its compat state (address limit,
	 * syscall ABI) to the new image, and the 64-bit personality setters
	 * are not exported: refuse instead.
	 */
	if (cloudabi_compat_task())
		return -ENOEXEC;
	ph = read_phdrs(image, eh);
	if (IS_ERR(ph))
		return PTR_ERR(ph);
	err = cloudabi_elf_check_phdrs(eh, ph, i_size_read(file_inode(image)),
				       TASK_SIZE, &layout);
	if (err)
		goto out_free_ph;

	err = refuse_unsafe_exec(bprm, image);
	if (err)
		goto out_free_ph;
	/* binfmt_misc's O flag installs one more descriptor at exec. */
	err = exec ? check_vdso_room(exec, eh, &layout) :
		     cloudabi_fdtable_check_exec(bprm->have_execfd);
	if (err)
		goto out_free_ph;
	keep_others_out(bprm);
	err = begin_new_exec(bprm);
	if (err)
		goto out_free_ph;
	/* Point of no return. */
	err = build_process(bprm, image, exec, eh, ph, &layout);

out_free_ph:
	kfree(ph);
	return err;
}

static int read_header(struct file *image, Elf64_Ehdr *eh)
{
	loff_t pos = 0;
	ssize_t n = kernel_read(image, eh, sizeof(*eh), &pos);

	if (n < 0)
		return n;
	return n == sizeof(*eh) ? 0 : -ENOEXEC;
}

/**
 * cloudabi_binfmt_check_image() - would binfmt accept this executable?
 * @image: a regular file, opened for exec
 *
 * The checks load_image() makes before the point of no return that depend
 * on the file alone, for proc_exec to answer with their errors while the
 * caller is untouched.
 *
 * Return: 0, -ENOEXEC (not a CloudABI executable for this machine, or
 * broken headers), -EPERM (set-id or file capabilities), -ENOMEM, or
 * kernel_read()'s error.
 */
int cloudabi_binfmt_check_image(struct file *image)
{
	struct cloudabi_elf_layout layout;
	Elf64_Ehdr eh;
	Elf64_Phdr *ph;
	int err;

	err = read_header(image, &eh) ?: cloudabi_elf_check_header(&eh, ELF_ARCH);
	if (!err) {
		ph = read_phdrs(image, &eh);
		if (IS_ERR(ph))
			return PTR_ERR(ph) == -EINVAL ? -ENOEXEC : PTR_ERR(ph);
		err = cloudabi_elf_check_phdrs(&eh, ph,
					       i_size_read(file_inode(image)),
					       TASK_SIZE, &layout);
		kfree(ph);
	}
	/* Headers that are ours but broken: not an executable either. */
	if (err == -EINVAL)
		return -ENOEXEC;
	return err ?: refuse_set_id(image);
}

/*
 * A CloudABI process execs only what it prepared through proc_exec, by
 * way of its gate (module/exec.c); any other exec it attempts is refused
 * here, first in the list, with an error that ends the handler search.
 *
 * The gate itself is empty: its pass hands the exec core the prepared
 * image as an interpreter, write-protected as an executable is, and the
 * image's pass builds the process from the record.  As for binfmt_misc,
 * the LSMs' credential decision (bprm_creds_for_exec) is made on the
 * file execveat() opened, the gate; bprm_check sees the image.
 */
static int load_cloudabi_binary(struct linux_binprm *bprm)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)bprm->buf;
	struct cloudabi_exec *exec;
	int err;

	if (cloudabi_gate_file_is_gate(bprm->file)) {
		exec = cloudabi_exec_begin();
		if (!exec)
			return -EPERM;
		err = deny_write_access(exec->image);
		if (err) {
			cloudabi_exec_release(cloudabi_exec_take(exec->image));
			return err;
		}
		bprm->interpreter = get_file(exec->image);
		return 0;
	}
	if (!current->mm || !cloudabi_mm_is_cloudabi(current->mm))
		return load_image(bprm, bprm->file, NULL, eh);
	exec = cloudabi_exec_take(bprm->file);
	if (exec) {
		err = load_image(bprm, bprm->file, exec, eh);
		cloudabi_exec_release(exec);
		/* The gate checked the image: it changed since; none may try. */
		return err == -ENOEXEC ? -EPERM : err;
	}
	return -EPERM;
}

/*
 * At the head of the list: binfmt_elf does not look at EI_OSABI and would
 * run a CloudABI program as a native one, unconfined.
 */
void cloudabi_binfmt_init(void)
{
	insert_binfmt(&cloudabi_format);
}

void cloudabi_binfmt_exit(void)
{
	unregister_binfmt(&cloudabi_format);
}
