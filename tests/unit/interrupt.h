/* SPDX-License-Identifier: MIT */
/*
 * interrupt.h - a steady SIGALRM for the unit tests of fcgi/io.h, so that
 * blocking calls fail with EINTR and the EINTR paths run.
 *
 *   alarms = 0;
 *   interrupt_every(10);   // SIGALRM every 10 ms, without SA_RESTART
 *   ... blocking calls ...
 *   interrupt_every(0);    // stop; alarms counts the signals delivered
 *
 * Include after <cmocka.h>.
 */
#ifndef FCGI_TEST_INTERRUPT_H
#define FCGI_TEST_INTERRUPT_H

#include <signal.h>
#include <string.h>
#include <sys/time.h>

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
}

static void interrupt_every(long every_ms)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = every_ms ? on_alarm : SIG_IGN;
    sigemptyset(&sa.sa_mask);
    assert_int_equal(sigaction(SIGALRM, &sa, NULL), 0);
    struct itimerval it = {{0, every_ms * 1000}, {0, every_ms * 1000}};
    assert_int_equal(setitimer(ITIMER_REAL, &it, NULL), 0);
}

#endif /* FCGI_TEST_INTERRUPT_H */
