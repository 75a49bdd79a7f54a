/* The testbed's pause image: the sandbox process of every pod on a real node. It sleeps until SIGTERM or
 * SIGINT and reaps the zombies it inherits as PID 1 of the pod's PID namespace. */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void quit(int sig) { (void)sig; _exit(0); }

static void reap(int sig) {
  (void)sig;
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
}

int main(void) {
  struct sigaction quit_action = {.sa_handler = quit};
  struct sigaction reap_action = {.sa_handler = reap, .sa_flags = SA_NOCLDSTOP};
  sigaction(SIGINT, &quit_action, NULL);
  sigaction(SIGTERM, &quit_action, NULL);
  sigaction(SIGCHLD, &reap_action, NULL);
  for (;;) {
    pause();
  }
  return 0;
}
