/*
 * ctest: netns
 * ctest: ldflags -ldl
 *
 * rtnl_echo_talk in a program that defines iproute2's four JSON functions: the library calls
 * them around print_info, in order (the shared body and its checks: ctests/talk_echo.h).
 */
#define ECHO_WITH_JSON 1
#define ECHO_TEST_NAME "talk_echo_json"
#include "talk_echo.h"
