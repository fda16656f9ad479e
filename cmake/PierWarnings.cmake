# Warnings every Pier target compiles with; PIER_WERROR turns them into errors (CI does).
function(pier_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow)
  if(PIER_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
