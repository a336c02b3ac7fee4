/*
 * ctest: netns
 * ctest: ldflags -ldl
 *
 * rtnl_echo_talk in a program that defines none of iproute2's JSON functions: it links (the
 * library's references to them are weak) and runs, and only print_info is called (the
 * shared body and its checks: ctests/talk_echo.h).
 */
#define ECHO_TEST_NAME "talk_echo_plain"
#include "talk_echo.h"
