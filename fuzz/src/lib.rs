//! The fuzz targets of tarjuman: their bodies (`targets.rs`, shared with the corpus replay test) and the
//! process setup that makes a fuzzing run fail where the server would.

mod targets;

pub use targets::*;

/// The stack of a tokio worker thread, on which the server reads uploads.
const WORKER_STACK: libc::rlim_t = 2 << 20;

/// Called once before fuzzing. Caps the main thread's stack (where libFuzzer runs each input) at a tokio
/// worker's 2 MiB, so that input nested deep enough to overflow the server's stack overflows here too; and
/// gives signal handlers a stack of their own, so that libFuzzer's crash handler can still run after a
/// stack overflow and save the input (without a sanitizer nobody else sets one up, and the process would
/// just die of SIGSEGV, input lost).
pub fn like_a_server_worker() {
    const SIGNAL_STACK: usize = 64 << 10;
    // SAFETY: plain libc calls on zero-initialised C structs; the signal stack is leaked on purpose, as it
    // must live as long as the process.
    unsafe {
        let mut limit: libc::rlimit = std::mem::zeroed();
        if libc::getrlimit(libc::RLIMIT_STACK, &mut limit) == 0 {
            limit.rlim_cur = limit.rlim_cur.min(WORKER_STACK);
            libc::setrlimit(libc::RLIMIT_STACK, &limit);
        }
        let stack = Box::leak(vec![0u8; SIGNAL_STACK].into_boxed_slice());
        let alternate =
            libc::stack_t { ss_sp: stack.as_mut_ptr().cast(), ss_flags: 0, ss_size: SIGNAL_STACK };
        libc::sigaltstack(&alternate, std::ptr::null_mut());
        // libFuzzer replaces this default action with its crash handler, keeping SA_ONSTACK when it is set.
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = libc::SIG_DFL;
        action.sa_flags = libc::SA_ONSTACK;
        libc::sigaction(libc::SIGSEGV, &action, std::ptr::null_mut());
    }
}
